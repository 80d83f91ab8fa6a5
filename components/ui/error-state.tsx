import Link from "next/link";
import type { ReactNode } from "react";

export interface ErrorStateProps {
  title: string;
  /** What happened and what to do, in plain words. */
  children: ReactNode;
  /** The server's reference for this error, to find it in the log. */
  digest?: string | null;
  onRetry?: () => void;
  links?: readonly { href: string; label: string }[];
  /** The heading level: 1 where it replaces a whole page. */
  level?: 1 | 2;
}

/** A failure, said plainly: what went wrong, what to try, and where else to go. */
export function ErrorState({ title, children, digest, onRetry, links = [], level = 1 }: ErrorStateProps) {
  const Heading = level === 1 ? "h1" : "h2";
  return (
    <div role="alert" data-state="error" className="mx-auto max-w-xl space-y-4 py-16 text-center">
      <p aria-hidden className="mx-auto flex size-10 items-center justify-center rounded-full border-2 border-bad text-lg font-bold text-bad">
        !
      </p>
      <Heading className="text-2xl font-semibold tracking-tight text-fg">{title}</Heading>
      <div className="space-y-2 text-muted">{children}</div>
      {digest ? (
        <p className="text-sm text-muted">
          Reference for the server log: <code className="font-mono text-fg">{digest}</code>
        </p>
      ) : null}
      <p className="flex flex-wrap justify-center gap-4 text-sm font-medium">
        {onRetry ? (
          <button type="button" onClick={onRetry} className="rounded-md bg-accent px-3 py-1.5 text-on-accent hover:opacity-90">
            Try again
          </button>
        ) : null}
        {links.map((link) => (
          <Link key={link.href} href={link.href} className="px-3 py-1.5 text-accent underline-offset-2 hover:underline">
            {link.label}
          </Link>
        ))}
      </p>
    </div>
  );
}

/** The digest Next.js gives a server error, when it has one. */
export function errorDigest(error: unknown): string | null {
  return error instanceof Error && "digest" in error && typeof error.digest === "string" ? error.digest : null;
}
