"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";

/**
 * A header navigation link that marks itself current on its page and the pages
 * below it: aria-current for screen readers, a bar under it for the eye.
 */
export function NavLink({ href, children, exact = false }: { href: string; children: ReactNode; exact?: boolean }) {
  const pathname = usePathname();
  const current = exact ? pathname === href : pathname === href || pathname.startsWith(`${href}/`);
  return (
    <Link
      href={href}
      aria-current={current ? "page" : undefined}
      className="block rounded-md px-3 py-1.5 text-sm font-medium whitespace-nowrap text-muted transition-colors hover:bg-raised hover:text-fg aria-[current=page]:bg-accent-soft aria-[current=page]:text-accent aria-[current=page]:shadow-[inset_0_-2px_0_var(--accent)]"
    >
      {children}
    </Link>
  );
}
