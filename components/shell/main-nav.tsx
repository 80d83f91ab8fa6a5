import { Suspense } from "react";
import { NavLink } from "@/components/ui/nav-link";
import type { Permission } from "@/lib/auth/roles";
import { OpenAlertsBadge } from "./open-alerts-badge";

// Each section with the permission its page checks on the server; a link the role cannot use is left out.
const LINKS: ReadonlyArray<{ href: string; label: string; exact: boolean; needs: Permission }> = [
  { href: "/", label: "Overview", exact: true, needs: "view" },
  { href: "/brief", label: "Brief", exact: false, needs: "view" },
  { href: "/metrics", label: "Metrics", exact: false, needs: "view" },
  { href: "/dashboards", label: "Dashboards", exact: false, needs: "view" },
  { href: "/annotations", label: "Annotations", exact: false, needs: "view" },
  { href: "/alerts", label: "Alerts", exact: false, needs: "view" },
  { href: "/runs", label: "Runs", exact: false, needs: "runs" },
  { href: "/audit", label: "Audit", exact: false, needs: "audit_log" },
  { href: "/admin/users", label: "Users", exact: false, needs: "manage_users" },
];

/** The app's sections the viewer may open; the current one is marked for screen readers and by more than colour. */
export function MainNav({ permissions, openAlerts }: { permissions: readonly Permission[]; openAlerts?: Promise<number | null> }) {
  return (
    <nav aria-label="Main" className="-mx-1 overflow-x-auto px-1">
      <ul className="flex items-center gap-1">
        {LINKS.filter((link) => permissions.includes(link.needs)).map((link) => (
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
