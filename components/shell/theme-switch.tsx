"use client";

import { type ReactNode, useState } from "react";
import { type Theme, themeCookie } from "@/lib/theme";

const OPTIONS: { theme: Theme; label: string; icon: ReactNode }[] = [
  {
    theme: "system",
    label: "System theme",
    icon: (
      <>
        <rect x="3" y="4" width="18" height="12" rx="2" />
        <path d="M8 20h8M12 16v4" />
      </>
    ),
  },
  {
    theme: "light",
    label: "Light theme",
    icon: (
      <>
        <circle cx="12" cy="12" r="4" />
        <path d="M12 2v2M12 20v2M4.9 4.9l1.4 1.4M17.7 17.7l1.4 1.4M2 12h2M20 12h2M4.9 19.1l1.4-1.4M17.7 6.3l1.4-1.4" />
      </>
    ),
  },
  {
    theme: "dark",
    label: "Dark theme",
    icon: <path d="M20 14.5A8 8 0 0 1 9.5 4a8 8 0 1 0 10.5 10.5z" />,
  },
];

/** Stores the choice for the server and applies it to this page at once. */
function applyTheme(theme: Theme) {
  document.cookie = themeCookie(theme, window.location.protocol === "https:");
  const root = document.documentElement;
  if (theme === "system") root.removeAttribute("data-theme");
  else root.setAttribute("data-theme", theme);
}

/**
 * Three toggle buttons: follow the system, light, dark. The choice is kept in a
 * cookie, so the server renders it on the next request and nothing flashes.
 */
export function ThemeSwitch({ initial }: { initial: Theme }) {
  const [theme, setTheme] = useState<Theme>(initial);
  const choose = (next: Theme) => {
    applyTheme(next);
    setTheme(next);
  };
  return (
    <div role="group" aria-label="Colour theme" className="flex shrink-0 items-center rounded-lg border border-line bg-raised p-0.5">
      {OPTIONS.map((option) => (
        <button
          key={option.theme}
          type="button"
          aria-pressed={theme === option.theme}
          title={option.label}
          onClick={() => choose(option.theme)}
          className="flex size-8 items-center justify-center rounded-md text-muted hover:text-fg aria-pressed:bg-surface aria-pressed:text-fg aria-pressed:shadow-sm aria-pressed:ring-1 aria-pressed:ring-line-strong"
        >
          <svg aria-hidden viewBox="0 0 24 24" className="size-4" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
            {option.icon}
          </svg>
          <span className="sr-only">{option.label}</span>
        </button>
      ))}
    </div>
  );
}
