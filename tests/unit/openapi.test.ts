// The OpenAPI document describes every route handler in app/api, found from
// the folder rather than a hand-kept list.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "@/lib/http/openapi";

function routePaths(dir: string, prefix = "/api"): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (!entry.isDirectory()) return entry.name === "route.ts" ? [prefix] : [];
    const segment = entry.name.replace(/^\[(.+)\]$/, "{$1}");
    return routePaths(path.join(dir, entry.name), `${prefix}/${segment}`);
  });
}

const PENDING_DOCUMENTATION = new Set<string>([]);

describe("OpenAPI document", () => {
  const doc = buildOpenApiDocument() as { openapi: string; paths: Record<string, Record<string, unknown>> };

  it("is OpenAPI 3.1", () => {
    expect(doc.openapi).toBe("3.1.0");
  });

  it.each(routePaths(path.resolve("app/api")).filter((p) => !PENDING_DOCUMENTATION.has(p)))("describes %s", (route) => {
    const exported = fs.readFileSync(path.resolve(`app${route.replace(/\{([.\w]+)\}/g, "[$1]")}/route.ts`), "utf8");
    const methods = ["GET", "POST", "PUT", "PATCH", "DELETE"].filter((m) => new RegExp(`export (async function|const) ${m}\\b|\\bas ${m}\\b`).test(exported));
    // A catch-all (/api/auth/{...all}, Better Auth's) is documented by the paths it serves under its prefix.
    const catchAll = route.match(/^(.*)\/\{\.\.\.\w+\}$/);
    const documented = catchAll ? Object.keys(doc.paths).filter((p) => p.startsWith(`${catchAll[1]}/`)) : [route];
    expect(documented.filter((p) => doc.paths[p]).length, `${route} is missing from lib/http/openapi.ts`).toBeGreaterThan(0);
    for (const method of methods) expect(documented.some((p) => doc.paths[p]?.[method.toLowerCase()]), `${method} ${route}`).toBe(true);
  });
});
