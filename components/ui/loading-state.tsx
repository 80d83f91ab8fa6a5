import type { ReactNode } from "react";

/**
 * While a page loads: says so in words, to everyone and to screen readers
 * (a polite status), above a skeleton of what is coming.
 */
export function LoadingState({ title, detail, children }: { title: string; detail?: string; children?: ReactNode }) {
  return (
    <div className="space-y-6">
      <div role="status" className="space-y-1">
        <p className="flex items-center gap-2 text-sm font-medium text-fg">
          <svg aria-hidden viewBox="0 0 24 24" className="size-4 text-accent motion-safe:animate-spin" fill="none" stroke="currentColor" strokeWidth="2.5">
            <path d="M12 3a9 9 0 1 0 9 9" strokeLinecap="round" />
          </svg>
          {title}
        </p>
        {detail ? <p className="text-sm text-muted">{detail}</p> : null}
      </div>
      {children}
    </div>
  );
}
