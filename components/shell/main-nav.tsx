import { NavLink } from "@/components/ui/nav-link";

const LINKS = [
  { href: "/", label: "Overview", exact: true },
  { href: "/metrics", label: "Metrics", exact: false },
  { href: "/dashboards", label: "Dashboards", exact: false },
] as const;

/** The app's sections; the current one is marked for screen readers and by more than colour. */
export function MainNav() {
  return (
    <nav aria-label="Main" className="-mx-1 overflow-x-auto px-1">
      <ul className="flex items-center gap-1">
        {LINKS.map((link) => (
          <li key={link.href}>
            <NavLink href={link.href} exact={link.exact}>
              {link.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
