import "server-only";
import type { TriadAuth } from "./auth";
import { getAuth } from "./get-auth";
import { cachedViewer, rememberViewer, sessionCookieValue, viewerCacheGeneration } from "./session-cache";
import { viewerSchema, type Viewer } from "./viewer-schema";

/** The signed-in viewer of a request, or null (no cookie, expired, signed out, or an account without a known role). */
export async function getViewer(headers: Headers, auth?: TriadAuth): Promise<Viewer | null> {
  const cookie = sessionCookieValue(headers.get("cookie"));
  // No session cookie: nobody is signed in, and nothing needs reading.
  if (cookie === null) return null;
  const a = auth ?? (await getAuth());
  const hit = cachedViewer(a, cookie);
  if (hit) return hit;
  const generation = viewerCacheGeneration();
  const session = await a.api.getSession({ headers });
  if (!session) return null;
  const parsed = viewerSchema.safeParse({
    userId: session.user.id,
    email: session.user.email,
    name: session.user.name,
    role: session.user.role,
    groups: session.user.groups ?? [],
  });
  if (!parsed.success) {
    console.warn(`account ${session.user.email} has an unknown role or group (${parsed.error.issues[0]?.message}); treated as signed out`);
    return null;
  }
  rememberViewer(a, cookie, parsed.data, new Date(session.session.expiresAt), generation);
  return parsed.data;
}
