import type { Metadata, Viewport } from "next";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { SiteHeader } from "@/components/shell/site-header";
import { SkipLink } from "@/components/shell/skip-link";
import { currentViewer } from "@/lib/auth/authorize";
import { REQUEST_PATH_HEADER } from "@/lib/auth/request-path";
import { ROLE_PERMISSIONS } from "@/lib/auth/roles";
import type { Viewer } from "@/lib/auth/viewer-schema";
import { countOpenAlerts } from "@/lib/alerts/queries/count-open-alerts";
import { getWarehouse } from "@/lib/db";
import { listSearchItems } from "@/lib/search/queries/list-search-items";
import type { SearchItem } from "@/lib/search/search-item-schema";
import { parseThemeCookie, THEME_COOKIE, type Theme } from "@/lib/theme";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Triad", template: "%s · Triad" },
  description: "Metrics you can reach, act on, and audit.",
};

const THEME_COLORS = { light: "#ffffff", dark: "#151b24" } as const;

async function readTheme(): Promise<Theme> {
  return parseThemeCookie((await cookies()).get(THEME_COOKIE)?.value);
}

export async function generateViewport(): Promise<Viewport> {
  const theme = await readTheme();
  if (theme !== "system") return { colorScheme: theme, themeColor: THEME_COLORS[theme] };
  return {
    colorScheme: "light dark",
    themeColor: [
      { media: "(prefers-color-scheme: light)", color: THEME_COLORS.light },
      { media: "(prefers-color-scheme: dark)", color: THEME_COLORS.dark },
    ],
  };
}

/** The palette's items, or null when the warehouse cannot be read: the page itself says why. */
function loadSearchItems(viewer: Viewer): Promise<SearchItem[] | null> {
  return getWarehouse()
    .then((wh) => listSearchItems(wh, viewer))
    .catch((error: unknown) => {
      console.error("The command palette could not list metrics and dashboards:", error);
      return null;
    });
}

/** The open alerts' count for the navigation, or null when it cannot be read (the badge is then left out). */
function loadOpenAlerts(viewer: Viewer): Promise<number | null> {
  return getWarehouse()
    .then((wh) => countOpenAlerts(wh, viewer))
    .catch((error: unknown) => {
      console.error("The navigation could not count open alerts:", error);
      return null;
    });
}

/** The signed-in viewer for the header, or null (signed out, or the warehouse cannot be read: the page says why). */
/** The signed-in viewer, null when signed out, undefined when the session could not be read (the page says why). */
function loadViewer(): Promise<Viewer | null | undefined> {
  return currentViewer().catch((error: unknown) => {
    console.error("The header could not read the session:", error);
    return undefined;
  });
}

/**
 * A cookie whose session ended (signed out elsewhere, expired, deleted user) gets
 * past the proxy's presence check: send it to sign in here, before anything is
 * streamed, so the answer is a real redirect. Pages still check for themselves.
 */
async function redirectSignedOut(viewer: Viewer | null | undefined): Promise<void> {
  if (viewer !== null) return;
  const path = (await headers()).get(REQUEST_PATH_HEADER) ?? "/";
  if (path === "/sign-in" || path.startsWith("/sign-in?")) return;
  redirect(`/sign-in?next=${encodeURIComponent(path)}`);
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const [theme, viewer] = await Promise.all([readTheme(), loadViewer()]);
  await redirectSignedOut(viewer);
  const signedIn = viewer ? { email: viewer.email, name: viewer.name, role: viewer.role, permissions: [...ROLE_PERMISSIONS[viewer.role]] } : null;
  return (
    <html lang="en" data-theme={theme === "system" ? undefined : theme}>
      <body className="min-h-screen bg-canvas font-sans text-fg">
        <SkipLink />
        <SiteHeader theme={theme} viewer={signedIn} searchItems={viewer ? loadSearchItems(viewer) : null} openAlerts={viewer ? loadOpenAlerts(viewer) : undefined} />
        <main id="main" tabIndex={-1} className="mx-auto max-w-7xl px-4 py-8 outline-none sm:px-6">
          {children}
        </main>
      </body>
    </html>
  );
}
