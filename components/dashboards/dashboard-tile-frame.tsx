import Link from "next/link";
import type { ReactNode } from "react";

export interface DashboardTileFrameProps {
  /** Unique on the page: names the tile's heading. */
  id: string;
  title: string;
  /** The tile's settings in words, under the title. */
  subtitle: string;
  /** The metric page showing the tile's view. */
  href?: string;
  /** Buttons and links at the top right. */
  actions?: ReactNode;
  /** Above the title, in edit mode: the drag handle and the move buttons. */
  toolbar?: ReactNode;
  children: ReactNode;
  /** 3 where the tiles sit under a heading of their own, as in the editor. */
  headingLevel?: 2 | 3;
  className?: string;
  style?: React.CSSProperties;
  ref?: React.Ref<HTMLElement>;
}

/**
 * A tile of a dashboard: its title, what it shows, actions, and the content.
 * Chart tiles are metric chart cards instead; this frame matches their look.
 * The caller places it in the grid (see tileSpanClass).
 */
export function DashboardTileFrame({
  id,
  title,
  subtitle,
  href,
  actions,
  toolbar,
  children,
  headingLevel = 2,
  className = "",
  style,
  ref,
}: DashboardTileFrameProps) {
  const headingId = `${id}-title`;
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <article
      ref={ref}
      style={style}
      aria-labelledby={headingId}
      className={`border-line bg-surface flex min-w-0 flex-col rounded-xl border p-5 shadow-[0_1px_2px_rgba(16,24,40,0.04)] ${className}`}
    >
      {toolbar}
      <header className="flex items-start justify-between gap-3">
        <div className="min-w-0">
          <Heading id={headingId} className="text-fg font-semibold">
            {href ? (
              <Link href={href} className="hover:text-accent hover:underline">
                {title}
              </Link>
            ) : (
              title
            )}
          </Heading>
          <p className="text-muted mt-0.5 text-sm">{subtitle}</p>
        </div>
        {actions ? <div className="flex shrink-0 items-center gap-1">{actions}</div> : null}
      </header>
      <div className="mt-3 flex min-h-0 flex-1 flex-col">{children}</div>
    </article>
  );
}
