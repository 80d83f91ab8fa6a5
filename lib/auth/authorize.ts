import "server-only";
import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { appendAuditEntriesNow } from "@/lib/audit/append-audit-entry";
import { getWarehouse } from "@/lib/db";
import { ForbiddenError, UnauthenticatedError } from "@/lib/http/errors";
import { REQUEST_PATH_HEADER } from "./request-path";
import { PERMISSION_WORDS, type Permission } from "./roles";
import { getViewer } from "./session";
import { viewerCan, type Viewer } from "./viewer-schema";


const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Appends a permission denial to the audit log; a failure to record it must not turn the 403 into a 500. */
export async function recordDenial(viewer: Viewer, permission: Permission, target: string): Promise<void> {
  try {
    const wh = await getWarehouse();
    await appendAuditEntriesNow(wh.sql, [{ actor: viewer.email, action: "auth.denied", entityType: "route", entityId: target.slice(0, 500), detail: { permission, role: viewer.role } }]);
  } catch (error) {
    console.error("could not record a permission denial in the audit log:", error);
  }
}

export const deniedMessage = (viewer: Viewer, permission: Permission) =>
  `Your role (${viewer.role}) may not ${PERMISSION_WORDS[permission]}. Ask an admin for a role that may.`;

/**
 * The check every route handler makes first: a signed-in viewer whose role has
 * `permission`, else 401 or 403 (the 403 is audited). Changes must come from
 * this app's own pages: a foreign Origin on a non-GET request is refused.
 */
export async function authorizeRequest(request: Request, permission: Permission): Promise<Viewer> {
  const url = new URL(request.url);
  if (!SAFE_METHODS.has(request.method)) {
    const origin = request.headers.get("origin");
    const host = request.headers.get("host");
    if (origin && host && new URL(origin).host !== host) throw new ForbiddenError(`Requests that change data must come from this app's own pages (Origin ${origin} is not ${host}).`);
  }
  const viewer = await getViewer(request.headers);
  if (!viewer) throw new UnauthenticatedError();
  if (!viewerCan(viewer, permission)) {
    await recordDenial(viewer, permission, `${request.method} ${url.pathname}`);
    throw new ForbiddenError(deniedMessage(viewer, permission));
  }
  return viewer;
}

/** A further check once the viewer is known (e.g. a breakdown asked of a chart needs `explore`): 403, audited. */
export async function requirePermission(viewer: Viewer, permission: Permission, target: string): Promise<void> {
  if (viewerCan(viewer, permission)) return;
  await recordDenial(viewer, permission, target);
  throw new ForbiddenError(deniedMessage(viewer, permission));
}

/** The signed-in viewer of the page being rendered, or null. */
export async function currentViewer(): Promise<Viewer | null> {
  return getViewer(await headers());
}

/**
 * The check every page makes first: anonymous visitors go to the sign-in page
 * (and come back after), a role without `permission` gets the 403 page (audited).
 */
export async function authorizePage(permission: Permission): Promise<Viewer> {
  const h = await headers();
  const viewer = await getViewer(h);
  const path = h.get(REQUEST_PATH_HEADER) ?? "/";
  if (!viewer) redirect(`/sign-in?next=${encodeURIComponent(path)}`);
  if (!viewerCan(viewer, permission)) {
    await recordDenial(viewer, permission, `page ${path}`);
    forbidden();
  }
  return viewer;
}
