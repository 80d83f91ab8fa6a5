import Link from "next/link";
import type { SearchItem } from "@/lib/search/search-item-schema";
import type { Theme } from "@/lib/theme";
import { CommandPalette } from "./command-palette";
import { Logo } from "./logo";
import { MainNav } from "./main-nav";
import { ThemeSwitch } from "./theme-switch";

export interface SiteHeaderProps {
  theme: Theme;
  /** What the command palette searches; null when it could not be read. Awaited only once the palette opens. */
  searchItems: Promise<SearchItem[] | null>;
  /** Alerts nobody has acknowledged or resolved, for a badge on Alerts; null when it could not be read. */
  openAlerts?: Promise<number | null>;
}

/** The banner on every page: home link, sections, search and the theme switch. Wraps to two rows on narrow screens. */
export function SiteHeader({ theme, searchItems, openAlerts }: SiteHeaderProps) {
  return (
    <header className="border-b border-line bg-surface">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-2.5 sm:px-6">
        <Link href="/" className="flex items-center gap-2 rounded-md text-lg font-semibold tracking-tight text-fg">
          <Logo />
          Triad
        </Link>
        <div className="order-last w-full sm:order-none sm:w-auto">
          <MainNav openAlerts={openAlerts} />
        </div>
        <div className="ml-auto flex items-center gap-2">
          <CommandPalette items={searchItems} />
          <ThemeSwitch initial={theme} />
        </div>
      </div>
    </header>
  );
}
