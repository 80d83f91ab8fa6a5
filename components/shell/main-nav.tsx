import { Suspense } from "react";
import { NavLink } from "@/components/ui/nav-link";
import { OpenAlertsBadge } from "./open-alerts-badge";

const LINKS = [
  { href: "/", label: "Overview", exact: true },
  { href: "/brief", label: "Brief", exact: false },
  { href: "/metrics", label: "Metrics", exact: false },
  { href: "/dashboards", label: "Dashboards", exact: false },
  { href: "/annotations", label: "Annotations", exact: false },
  { href: "/alerts", label: "Alerts", exact: false },
  { href: "/audit", label: "Audit", exact: false },
] as const;

/** The app's sections; the current one is marked for screen readers and by more than colour. */
export function MainNav({ openAlerts }: { openAlerts?: Promise<number | null> }) {
  return (
    <nav aria-label="Main" className="-mx-1 overflow-x-auto px-1">
      <ul className="flex items-center gap-1">
        {LINKS.map((link) => (
          <li key={link.href}>
            <NavLink href={link.href} exact={link.exact}>
              {link.label}
              {link.href === "/alerts" && openAlerts ? (
                <Suspense fallback={null}>
                  <OpenAlertsBadge count={openAlerts} />
                </Suspense>
              ) : null}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
