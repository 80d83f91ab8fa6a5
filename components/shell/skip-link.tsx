/** The first stop of the Tab key: jumps past the header to the page's main content. Above the page until focused. */
export function SkipLink({ target = "main" }: { target?: string }) {
  return (
    <a
      href={`#${target}`}
      className="fixed top-3 left-3 z-50 -translate-y-32 rounded-md bg-surface px-4 py-2 text-sm font-medium text-accent shadow-lg ring-1 ring-line-strong focus:translate-y-0"
    >
      Skip to main content
    </a>
  );
}
