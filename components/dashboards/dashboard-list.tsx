import Link from "next/link";
import type { DashboardSummary } from "@/lib/dashboards/schema";
import { formatInstant } from "@/lib/metrics/format";

/** Every dashboard as a card: name, description, what is on it, when it last changed. */
export function DashboardList({
  dashboards,
  metricNames,
}: {
  dashboards: readonly DashboardSummary[];
  metricNames: Readonly<Record<string, string>>;
}) {
  return (
    <ul className="grid grid-cols-1 gap-4 md:grid-cols-2 lg:grid-cols-3">
      {dashboards.map((d) => {
        const names = d.metricKeys.map((key) => metricNames[key] ?? key);
        return (
          <li
            key={d.slug}
            className="group border-line bg-surface focus-within:ring-focus hover:border-line-strong relative flex flex-col gap-2 rounded-xl border p-5 shadow-[0_1px_2px_rgba(16,24,40,0.04)] focus-within:ring-2 hover:shadow-md"
          >
            <h3 className="text-base font-semibold">
              <Link
                href={`/dashboards/${d.slug}`}
                className="text-fg group-hover:text-accent outline-none after:absolute after:inset-0 after:rounded-xl"
              >
                {d.name}
              </Link>
            </h3>
            {d.description ? <p className="text-muted text-sm">{d.description}</p> : null}
            <p className="text-fg text-sm">
              {d.tileCount === 0
                ? "No tiles yet"
                : `${d.tileCount} ${d.tileCount === 1 ? "tile" : "tiles"}`}
              {names.length ? (
                <span className="text-muted">
                  : {names.slice(0, 5).join(", ")}
                  {names.length > 5 ? `, and ${names.length - 5} more` : ""}
                </span>
              ) : null}
            </p>
            <p className="text-muted mt-auto pt-1 text-xs">
              Updated <time dateTime={d.updatedAt}>{formatInstant(d.updatedAt)}</time> ·{" "}
              <span className="font-mono">/dashboards/{d.slug}</span>
            </p>
          </li>
        );
      })}
    </ul>
  );
}
