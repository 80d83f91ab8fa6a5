import Link from "next/link";
import type { Permission, Role } from "@/lib/auth/roles";
import type { SearchItem } from "@/lib/search/search-item-schema";
import type { Theme } from "@/lib/theme";
import { CommandPalette } from "./command-palette";
import { Logo } from "./logo";
import { MainNav } from "./main-nav";
import { ThemeSwitch } from "./theme-switch";
import { UserMenu } from "./user-menu";

export interface HeaderViewer {
  email: string;
  name: string;
  role: Role;
  permissions: Permission[];
}

export interface SiteHeaderProps {
  theme: Theme;
  /** The signed-in person; null on the sign-in page and for anonymous visitors (no sections, no search). */
  viewer: HeaderViewer | null;
  /** What the command palette searches (only what the viewer may open); null when signed out. Awaited only once the palette opens. */
  searchItems: Promise<SearchItem[] | null> | null;
  /** Alerts nobody has acknowledged or resolved, for a badge on Alerts; null when it could not be read. */
  openAlerts?: Promise<number | null>;
}

/** The banner on every page: home link, sections, search and the theme switch. Wraps to two rows on narrow screens. */
export function SiteHeader({ theme, viewer, searchItems, openAlerts }: SiteHeaderProps) {
  return (
    <header className="border-b border-line bg-surface">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-2.5 sm:px-6">
        <Link href="/" className="flex items-center gap-2 rounded-md text-lg font-semibold tracking-tight text-fg">
          <Logo />
          Triad
        </Link>
        {viewer ? (
          <div className="order-last w-full sm:order-none sm:w-auto">
            <MainNav permissions={viewer.permissions} openAlerts={openAlerts} />
          </div>
        ) : null}
        <div className="ml-auto flex items-center gap-2">
          {searchItems ? <CommandPalette items={searchItems} /> : null}
          <ThemeSwitch initial={theme} />
          {viewer ? <UserMenu name={viewer.name} email={viewer.email} role={viewer.role} /> : null}
        </div>
      </div>
    </header>
  );
}
