import Link from "next/link";

export interface SegmentedNavItem {
  label: string;
  href: string;
  current: boolean;
}

/** A row of links that behaves like a segmented control; state lives in the URL, so back and reload keep it. */
export function SegmentedNav({ label, items }: { label: string; items: readonly SegmentedNavItem[] }) {
  return (
    <nav aria-label={label}>
      <ul className="inline-flex rounded-lg border border-line bg-raised p-0.5 text-sm">
        {items.map((item) => (
          <li key={item.href}>
            <Link
              href={item.href}
              scroll={false}
              replace={false}
              aria-current={item.current ? "page" : undefined}
              className="block rounded-md px-3 py-1 font-medium text-muted capitalize hover:text-fg aria-[current=page]:bg-surface aria-[current=page]:text-fg aria-[current=page]:shadow-sm aria-[current=page]:ring-1 aria-[current=page]:ring-line"
            >
              {item.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
