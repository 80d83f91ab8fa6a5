import Link from "next/link";
import type { AuditFacets, AuditFilters as Filters } from "@/lib/audit/audit-schema";

const field = "rounded-md border border-line-strong bg-surface px-2 py-1.5 text-sm text-fg";

function Picker({
  name,
  label,
  value,
  options,
}: {
  name: string;
  label: string;
  value: string | undefined;
  options: readonly string[];
}) {
  // A value in the URL that the log no longer holds stays selectable, so the form shows what is applied.
  const all = value && !options.includes(value) ? [value, ...options] : options;
  return (
    <label className="flex flex-col gap-1">
      <span className="font-medium">{label}</span>
      <select name={name} defaultValue={value ?? ""} className={field}>
        <option value="">Any</option>
        {all.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </label>
  );
}

function Text({
  name,
  label,
  value,
  type = "text",
  hint,
}: {
  name: string;
  label: string;
  value: string | undefined;
  type?: "text" | "date";
  hint?: string;
}) {
  return (
    <label className="flex flex-col gap-1">
      <span className="font-medium">{label}</span>
      <input
        name={name}
        type={type}
        defaultValue={value ?? ""}
        placeholder={hint}
        className={field}
      />
    </label>
  );
}

/** The audit log's filters as a plain GET form: they live in the URL, so a filtered view is a link. */
export function AuditFilters({ filters, facets }: { filters: Filters; facets: AuditFacets }) {
  const active = Object.values(filters).some(Boolean);
  return (
    <form
      method="get"
      action="/audit"
      aria-label="Filter the audit log"
      className="grid grid-cols-1 gap-3 text-sm sm:grid-cols-2 lg:grid-cols-4"
    >
      <Picker name="action" label="Action" value={filters.action} options={facets.actions} />
      <Picker
        name="entityType"
        label="Entity type"
        value={filters.entityType}
        options={facets.entityTypes}
      />
      <Text
        name="entityId"
        label="Entity id"
        value={filters.entityId}
        hint="a metric key or run id"
      />
      <Text
        name="metric"
        label="About metric"
        value={filters.metric}
        hint="metric key, with its runs"
      />
      <Picker name="actor" label="Actor" value={filters.actor} options={facets.actors} />
      <Text name="from" label="From day (UTC)" value={filters.from} type="date" />
      <Text name="to" label="To day (UTC)" value={filters.to} type="date" />
      <div className="flex items-end gap-3">
        <button
          type="submit"
          className="bg-accent text-on-accent rounded-md px-3 py-1.5 font-medium hover:opacity-90"
        >
          Apply filters
        </button>
        {active ? (
          <Link href="/audit" className="text-accent py-1.5 underline">
            Clear filters
          </Link>
        ) : null}
      </div>
    </form>
  );
}
