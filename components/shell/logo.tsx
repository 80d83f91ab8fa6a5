/** Triad's mark: three connected points, one per A. Decorative: the word beside it names the link. */
export function Logo() {
  return (
    <svg aria-hidden viewBox="0 0 24 24" className="size-6 shrink-0">
      <path d="M12 3 21.5 19.5h-19z" fill="none" stroke="var(--chart-1)" strokeWidth="2.25" strokeLinejoin="round" />
      <circle cx="12" cy="3.8" r="2.2" fill="var(--chart-1)" />
      <circle cx="3.2" cy="19.2" r="2.2" fill="var(--chart-2)" />
      <circle cx="20.8" cy="19.2" r="2.2" fill="var(--chart-3)" />
    </svg>
  );
}
