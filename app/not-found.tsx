import Link from "next/link";

export default function NotFound() {
  return (
    <div className="mx-auto max-w-xl space-y-4 py-16 text-center">
      <p className="text-sm font-semibold text-accent">404</p>
      <h1 className="text-2xl font-semibold tracking-tight">This page or metric does not exist</h1>
      <p className="text-muted">
        The address may be mistyped, or the metric may have been renamed or removed from <code className="font-mono">metrics/</code>.
        Metric addresses use the metric key, such as <code className="font-mono">/metrics/revenue</code>.
      </p>
      <p className="flex justify-center gap-4 text-sm font-medium">
        <Link href="/metrics" className="text-accent hover:underline">
          Browse all metrics
        </Link>
        <Link href="/" className="text-accent hover:underline">
          Go to the overview
        </Link>
      </p>
    </div>
  );
}
