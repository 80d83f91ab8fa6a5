import type { Metadata, Viewport } from "next";
import { cookies } from "next/headers";
import type { ReactNode } from "react";
import { SiteHeader } from "@/components/shell/site-header";
import { SkipLink } from "@/components/shell/skip-link";
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
function loadSearchItems(): Promise<SearchItem[] | null> {
  return getWarehouse()
    .then(listSearchItems)
    .catch((error: unknown) => {
      console.error("The command palette could not list metrics and dashboards:", error);
      return null;
    });
}

/** The open alerts' count for the navigation, or null when it cannot be read (the badge is then left out). */
function loadOpenAlerts(): Promise<number | null> {
  return getWarehouse()
    .then(countOpenAlerts)
    .catch((error: unknown) => {
      console.error("The navigation could not count open alerts:", error);
      return null;
    });
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const theme = await readTheme();
  return (
    <html lang="en" data-theme={theme === "system" ? undefined : theme}>
      <body className="min-h-screen bg-canvas font-sans text-fg">
        <SkipLink />
        <SiteHeader theme={theme} searchItems={loadSearchItems()} openAlerts={loadOpenAlerts()} />
        <main id="main" tabIndex={-1} className="mx-auto max-w-7xl px-4 py-8 outline-none sm:px-6">
          {children}
        </main>
      </body>
    </html>
  );
}
