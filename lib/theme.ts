// The colour theme a visitor picked. Pure, and free of Zod because the theme
// switch ships it to every page: read by the root layout from the cookie, so
// the server renders the chosen theme and nothing flashes, and written by the
// theme switch in the browser.

export const THEME_COOKIE = "triad-theme";

/** system: follow prefers-color-scheme; it is the absence of the cookie. */
export const THEMES = ["system", "light", "dark"] as const;
export type Theme = (typeof THEMES)[number];

/** The theme a cookie value names; anything else is the system's. */
export function parseThemeCookie(value: string | undefined): Theme {
  return value === "light" || value === "dark" ? value : "system";
}

/** A year, in seconds. */
export const THEME_COOKIE_MAX_AGE = 365 * 24 * 60 * 60;

/**
 * The cookie string (for document.cookie) that stores `theme`; system deletes it.
 * Set by the page's script, so it cannot be HttpOnly: it holds a display preference only.
 */
export function themeCookie(theme: Theme, secure = false): string {
  const value = theme === "system" ? "" : theme;
  const maxAge = theme === "system" ? 0 : THEME_COOKIE_MAX_AGE;
  return `${THEME_COOKIE}=${value}; Path=/; Max-Age=${maxAge}; SameSite=Lax${secure ? "; Secure" : ""}`;
}
