/** The number of open alerts beside the Alerts link; nothing when there are none or the count is unknown. */
export async function OpenAlertsBadge({ count }: { count: Promise<number | null> }) {
  const n = await count;
  if (!n) return null;
  return (
    <span className="ml-1.5 inline-flex min-w-5 items-center justify-center rounded-full border border-bad/40 bg-bad-soft px-1.5 text-xs font-semibold text-bad">
      {n > 99 ? "99+" : n}
      <span className="sr-only"> open</span>
    </span>
  );
}
