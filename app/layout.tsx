import type { Metadata, Viewport } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { NavLink } from "@/components/ui/nav-link";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Triad", template: "%s · Triad" },
  description: "Metrics you can reach, act on, and audit.",
};

export const viewport: Viewport = {
  colorScheme: "light dark",
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#151b24" },
  ],
};

function Logo() {
  return (
    <svg aria-hidden viewBox="0 0 24 24" className="size-6">
      <path d="M12 3 21.5 19.5h-19z" fill="none" stroke="var(--chart-1)" strokeWidth="2.25" strokeLinejoin="round" />
      <circle cx="12" cy="3.8" r="2.2" fill="var(--chart-1)" />
      <circle cx="3.2" cy="19.2" r="2.2" fill="var(--chart-2)" />
      <circle cx="20.8" cy="19.2" r="2.2" fill="var(--chart-3)" />
    </svg>
  );
}

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-canvas font-sans text-fg">
        <a
          href="#main"
          className="sr-only rounded-md bg-surface px-4 py-2 font-medium text-accent shadow focus:not-sr-only focus:fixed focus:top-3 focus:left-3 focus:z-50"
        >
          Skip to content
        </a>
        <header className="border-b border-line bg-surface">
          <div className="mx-auto flex h-14 max-w-7xl items-center gap-6 px-4 sm:px-6">
            <Link href="/" className="flex items-center gap-2 text-lg font-semibold tracking-tight text-fg">
              <Logo />
              Triad
            </Link>
            <nav aria-label="Main">
              <ul className="flex items-center gap-1">
                <li>
                  <NavLink href="/" exact>
                    Overview
                  </NavLink>
                </li>
                <li>
                  <NavLink href="/metrics">Metrics</NavLink>
                </li>
              </ul>
            </nav>
          </div>
        </header>
        <main id="main" tabIndex={-1} className="mx-auto max-w-7xl px-4 py-8 outline-none sm:px-6">
          {children}
        </main>
      </body>
    </html>
  );
}
