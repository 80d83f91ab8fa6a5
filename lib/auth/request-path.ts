// proxy.ts puts the requested path (with its query) in this request header, for
// the way back after signing in. Pure, so the proxy can import it.
export const REQUEST_PATH_HEADER = "x-triad-path";

/** A `next` target that stays on this site: a path, never another origin. */
export function safeNextPath(next: string | undefined | null): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
  return next;
}
