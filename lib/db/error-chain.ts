// The errors behind an error, as pg, Node's sockets and Prisma's pg driver
// adapter nest them. Pure.

const MAX_DEPTH = 8;

export type ErrorBag = Record<string, unknown>;
const isBag = (v: unknown): v is ErrorBag => typeof v === "object" && v !== null;

/** What follows an error: its cause, Prisma's driver adapter error, an AggregateError's members. */
function nested(bag: ErrorBag): ErrorBag[] {
  const next: unknown[] = [bag.cause];
  if (isBag(bag.meta)) next.push(bag.meta.driverAdapterError);
  if (Array.isArray(bag.errors)) next.push(...(bag.errors as unknown[]));
  return next.filter(isBag);
}

/** The error and every error it wraps, breadth first, each once (cycles end the walk). */
export function errorChain(error: unknown): ErrorBag[] {
  const seen = new Set<ErrorBag>();
  let level: ErrorBag[] = isBag(error) ? [error] : [];
  for (let depth = 0; depth < MAX_DEPTH && level.length > 0; depth++) {
    const following: ErrorBag[] = [];
    for (const item of level) {
      if (seen.has(item)) continue;
      seen.add(item);
      following.push(...nested(item));
    }
    level = following;
  }
  return [...seen];
}

/** The SQLSTATEs in the chain: pg's `code`, or a DriverAdapterError cause's `originalCode`. */
export function sqlstatesOf(error: unknown): string[] {
  const codes: string[] = [];
  for (const bag of errorChain(error))
    for (const key of ["code", "originalCode"]) {
      const v = bag[key];
      if (typeof v === "string" && /^[0-9A-Z]{5}$/.test(v)) codes.push(v);
    }
  return codes;
}
