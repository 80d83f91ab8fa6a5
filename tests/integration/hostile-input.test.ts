// Every API route handler, found by walking app/api (not a hand list), fed
// generated malformed and hostile input (fast-check): SQL fragments, huge
// strings, unicode, NUL, path traversal, wrong JSON types, deep nesting, huge
// arrays, prototype-pollution keys, non-JSON bodies. On PGlite and PostgreSQL:
// never a 5xx, a JSON error naming the problem for every 4xx, no stack trace in
// any body, and nothing stored changes unless a write was accepted as valid.
// Sent as a signed-in admin, so the input parsing is exercised and not only the
// 401; every route but the public ones answers an anonymous caller 401 JSON.
// Better Auth's own endpoints (/api/auth/*) get the hostile input anonymously:
// a sign-in with a hostile body is a 4xx, never a 5xx, and makes no account or session.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ensureDemoAnnotations } from "@/lib/annotations/queries/ensure-demo-annotations";
import { ensureDemoDashboards } from "@/lib/dashboards/queries/ensure-demo-dashboards";
import type { Warehouse } from "@/lib/db";
import { seedDemoShop } from "@/lib/demo/seed";
import { buildOpenApiDocument } from "@/lib/http/openapi";
import { apiErrorSchema } from "@/lib/metrics/api-schema";
import { computeMetrics } from "@/lib/pipeline/compute";
import { sessionCookie } from "../support/auth";
import { WAREHOUSES, type TestWarehouse } from "../support/warehouses";

const state = vi.hoisted(() => ({ wh: undefined as Warehouse | undefined }));

vi.mock("@/lib/db", () => ({
  getWarehouse: async () => {
    if (!state.wh) throw new Error("no test warehouse");
    return state.wh;
  },
}));

const API_DIR = path.resolve("app/api");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Method = (typeof METHODS)[number];
type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response> | Response;

interface Route {
  /** The URL path as written in the folder tree: /api/metrics/[key]/series. */
  template: string;
  file: string;
  params: string[];
}

/** Every route.ts under app/api, with the dynamic segments of its path. */
function discoverRoutes(dir = API_DIR): Route[] {
  const found: Route[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...discoverRoutes(full));
    else if (/^route\.(ts|tsx|js)$/.test(entry.name)) {
      const segments = path.relative(path.resolve("app"), dir).split(path.sep);
      found.push({
        template: "/" + segments.join("/"),
        file: full,
        params: segments.flatMap((s) => (/^\[(?:\.\.\.)?(\w+)\]$/.exec(s)?.[1] ? [/^\[(?:\.\.\.)?(\w+)\]$/.exec(s)![1]!] : [])),
      });
    }
  }
  return found.sort((a, b) => a.template.localeCompare(b.template));
}

const ROUTES = discoverRoutes();
const RUNS_PER_ROUTE = 30;
// Open without a session: the load balancer's probe, the API description, and signing in itself.
const PUBLIC_ROUTES = new Set(["/api/health", "/api/openapi.json", "/api/auth/[...all]"]);
const isAuthRoute = (route: Route) => route.template.startsWith("/api/auth/");
// Better Auth's endpoints (the catch-all's path); hostile paths are mixed in too.
const AUTH_PATHS = ["sign-in/email", "sign-in/email", "sign-up/email", "sign-out", "get-session", "update-user", "change-password"];

// ---------------------------------------------------------------- input

const HUGE = "A".repeat(100_000);
const HOSTILE_STRINGS = [
  "'; DROP TABLE metric_value; --",
  "' OR '1'='1",
  "1; DELETE FROM metric_run WHERE true; --",
  '"; SELECT pg_sleep(10); --',
  "revenue' UNION SELECT password FROM users --",
  "$1",
  "%' AND 1=0 --",
  "\\",
  "../../../etc/passwd",
  "..%2F..%2F.env",
  "%00",
  "\u0000",
  "a\u0000b",
  "\u202Egnp.exe",
  "مرحبا بالعالم",
  "😀👩‍👩‍👧‍👦🏳️‍🌈",
  "\uD800",
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "<script>alert(1)</script>",
  "${7*7}{{7*7}}",
  "",
  " ",
  "null",
  "undefined",
  "NaN",
  "Infinity",
  "-1",
  "0",
  "1e309",
  "99999999999999999999999999",
  "-9223372036854775809",
  "0x10",
  "2025-02-30",
  "0000-00-00",
  "9999-12-31T23:59:59Z",
  "+275760-09-13",
  "day",
  "true",
  "[]",
  "{}",
  HUGE,
  `revenue${"'".repeat(5_000)}`,
];

const hostileString = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 64 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 32 }) },
  { weight: 1, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: fc.double().map(String) },
);

/** Query parameter names and enum values the API documents, so hostile values reach past the first check. */
function documentedInputs(): { queryNames: string[]; values: string[]; bodyKeys: string[] } {
  const queryNames = new Set<string>();
  const values = new Set<string>();
  const bodyKeys = new Set<string>();
  const walk = (node: unknown, inBody: boolean): void => {
    if (Array.isArray(node)) return node.forEach((n) => walk(n, inBody));
    if (typeof node !== "object" || node === null) return;
    const o = node as Record<string, unknown>;
    if (o.in === "query" && typeof o.name === "string") queryNames.add(o.name);
    if (Array.isArray(o.enum)) for (const v of o.enum) if (typeof v === "string") values.add(v);
    if (inBody && typeof o.properties === "object" && o.properties !== null) for (const k of Object.keys(o.properties)) bodyKeys.add(k);
    for (const [k, v] of Object.entries(o)) walk(v, inBody || k === "requestBody" || k === "components");
  };
  walk(buildOpenApiDocument(), false);
  return { queryNames: [...queryNames].sort(), values: [...values].sort(), bodyKeys: [...bodyKeys].sort() };
}

const DOCUMENTED = documentedInputs();
const PLAUSIBLE = [...DOCUMENTED.values, "country", "platform", "DE", "2025-01-01", "2026-06-15", "2024-10-01T00:00:00Z", "10", "1", "50", "asc", "desc", "revenue", "arpu"];

const queryArb = fc.array(
  fc.tuple(
    fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...DOCUMENTED.queryNames, "filter.country", "filter.__proto__", "__proto__", "constructor") }, { weight: 1, arbitrary: hostileString }),
    fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...PLAUSIBLE) }, { weight: 3, arbitrary: hostileString }),
  ),
  { maxLength: 6 },
);

const jsonLeaf = fc.oneof(hostileString, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constantFrom(-1, 0, 1e308, Number.MAX_SAFE_INTEGER + 2));
const jsonTree = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: "small", withCrossShrink: true }, jsonLeaf, tie("array"), tie("object")),
  array: fc.array(tie("node"), { maxLength: 4 }),
  object: fc.dictionary(fc.oneof(fc.constantFrom(...DOCUMENTED.bodyKeys), hostileString), tie("node"), { maxKeys: 5 }),
}));

const nested = (depth: number) => "[".repeat(depth) + "]".repeat(depth);

/** A request body as raw text; undefined sends none. */
const bodyArb: fc.Arbitrary<string | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom("", " ", "{", "not json", "\u0000", "null", "[]", "{}", "0", '"text"', "NaN", "{'single': 'quotes'}", HUGE),
  fc.constantFrom(
    '{"__proto__": {"polluted": true}}',
    '{"constructor": {"prototype": {"polluted": true}}}',
    `{"name": "x", "__proto__": {"isAdmin": true, "polluted": true}}`,
    nested(10_000),
    `{"a":${nested(2_000)}}`,
    JSON.stringify(Array.from({ length: 100_000 }, (_, i) => i)),
    JSON.stringify({ tiles: Array.from({ length: 20_000 }, () => ({ metric: "revenue" })) }),
  ),
  jsonTree.node.map((v) => JSON.stringify(v)),
  fc.dictionary(fc.constantFrom(...DOCUMENTED.bodyKeys), jsonLeaf, { maxKeys: 6 }).map((v) => JSON.stringify(v)),
);

interface HostileRequest {
  params: Record<string, string>;
  query: [string, string][];
  body: string | undefined;
}

/** The classic cases, sent on every run whatever the seed: NUL, SQL, a huge string, traversal, pollution, a bad body. */
function fixedExamples(route: Route, method: Method): [HostileRequest][] {
  const allParams = (value: string) => Object.fromEntries(route.params.map((p) => [p, value]));
  const body = (text: string | undefined) => (method === "GET" ? undefined : text);
  return [
    [{ params: allParams("\u0000"), query: [["grain", "\u0000"], ["metric", "a\u0000b"]], body: body('{"title": "a\\u0000b", "note": "\\u0000"}') }],
    [{ params: allParams("'; DROP TABLE metric_value; --"), query: [["from", "' OR '1'='1"], ["by", "country; DROP TABLE users"]], body: body('{"__proto__": {"polluted": true}}') }],
    [{ params: allParams(HUGE), query: [["to", HUGE]], body: body(JSON.stringify({ name: HUGE, tiles: [] })) }],
    [{ params: allParams("../../../etc/passwd"), query: [["__proto__", "x"], ["constructor", "y"]], body: body("not json") }],
    [{ params: allParams("😀\u202E"), query: [], body: body(nested(10_000)) }],
  ];
}

// ---------------------------------------------------------------- checks

const STACK_TRACE = /\n\s+at [^\n]+:\d+:\d+|node_modules\/|\.tsx?:\d+:\d+|\bat (?:async )?[\w.$<>]+ \(/;

async function checksums(wh: Warehouse): Promise<Map<string, string>> {
  const tables = await wh.sql.query<{ tablename: string }>(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`);
  const sums = new Map<string, string>();
  for (const { tablename } of tables) {
    const quoted = `"${tablename.replace(/"/g, '""')}"`;
    const [row] = await wh.sql.query<{ sum: string | null }>(`SELECT md5(string_agg(t::text, ',' ORDER BY t::text)) AS sum FROM ${quoted} t`);
    sums.set(tablename, row?.sum ?? "empty");
  }
  return sums;
}

const describeInput = (r: HostileRequest) =>
  JSON.stringify({ ...r, body: r.body && r.body.length > 200 ? `${r.body.slice(0, 200)}… (${r.body.length} chars)` : r.body }, (_k, v: unknown) =>
    typeof v === "string" && v.length > 200 ? `${v.slice(0, 200)}… (${v.length} chars)` : v,
  );

/** Who sends it: a session cookie (or none), and an Origin (Better Auth refuses changes without one). */
interface Sender {
  cookie?: string;
  origin?: string;
}

function buildRequest(route: Route, method: Method, input: HostileRequest, sender: Sender = {}): Request {
  // The handler reads params from its context; the URL only needs to be well formed.
  // A catch-all ([...all]) keeps its slashes: Better Auth routes by the URL's path.
  const segment = (value: string) => encodeURIComponent(value.replace(/[\uD800-\uDFFF]/g, "\uFFFD"));
  const pathname = route.template.replace(/\[(\.\.\.)?(\w+)\]/g, (_m, rest: string | undefined, name: string) =>
    rest ? (input.params[name] ?? "").split("/").map(segment).join("/") : segment(input.params[name] ?? ""),
  );
  const url = new URL(`http://127.0.0.1${pathname}`);
  for (const [k, v] of input.query) url.searchParams.append(k, v);
  const hasBody = input.body !== undefined && method !== "GET";
  const headers = new Headers(hasBody ? { "content-type": "application/json" } : {});
  if (sender.cookie) headers.set("cookie", sender.cookie);
  if (sender.origin) headers.set("origin", sender.origin);
  return new Request(url, { method, headers, ...(hasBody ? { body: input.body } : {}) });
}

async function send(handler: Handler, route: Route, method: Method, input: HostileRequest, sender: Sender = {}): Promise<{ status: number; text: string; type: string }> {
  const params = Object.fromEntries(Object.entries(input.params).map(([k, v]) => [k, route.template.includes(`[...${k}]`) ? v.split("/") : v]));
  const res = await handler(buildRequest(route, method, input, sender), { params: Promise.resolve(params) as Promise<Record<string, string>> });
  return { status: res.status, text: await res.text(), type: res.headers.get("content-type") ?? "" };
}

// ---------------------------------------------------------------- tests

describe("route discovery", () => {
  it("finds the API's route handlers in app/api", () => {
    expect(ROUTES.length).toBeGreaterThanOrEqual(20);
    expect(ROUTES.map((r) => r.template)).toEqual(expect.arrayContaining(["/api/metrics", "/api/metrics/[key]/series", "/api/runs/[id]"]));
    expect(DOCUMENTED.queryNames).toEqual(expect.arrayContaining(["grain", "from", "to"]));
  });
});

describe.each(WAREHOUSES)("hostile input to every API route on $name", (factory) => {
  let wh: TestWarehouse;
  /** Real values for each path parameter, so hostile query and body reach past the lookup. */
  const valid: Record<string, string[]> = { all: AUTH_PATHS };
  /** The admin's session: hostile input reaches the parsing, not just the 401. */
  let admin: Sender = {};

  beforeAll(async () => {
    wh = await factory.open();
    state.wh = wh;
    await seedDemoShop(wh.sql, { scale: 20_000 });
    const results = await computeMetrics(wh, { metricsDir: path.resolve("metrics")});
    expect(results.filter((r) => r.status !== "succeeded")).toEqual([]);
    await ensureDemoDashboards(wh);
    await ensureDemoAnnotations(wh.sql);
    const ids = async (sql: string) => (await wh.sql.query<{ v: string }>(sql)).map((r) => r.v);
    valid.key = await ids(`SELECT key AS v FROM metric_definition ORDER BY key LIMIT 5`);
    valid.slug = await ids(`SELECT slug AS v FROM dashboard ORDER BY slug LIMIT 3`);
    valid.id = [
      ...(await ids(`SELECT id AS v FROM metric_run ORDER BY started_at DESC LIMIT 2`)),
      ...(await ids(`SELECT id::text AS v FROM annotation ORDER BY id LIMIT 2`)),
      ...(await ids(`SELECT id::text AS v FROM alert ORDER BY id LIMIT 2`)),
    ];
    admin = { cookie: await sessionCookie("admin") };
  });
  afterAll(async () => {
    state.wh = undefined;
    await wh?.dispose();
  });

  for (const route of ROUTES) {
    it(`${route.template}: only 4xx (or 2xx for valid input), JSON errors, no stack, nothing stored changes`, async () => {
      const mod = (await import(pathToFileURL(route.file).href)) as Partial<Record<Method, Handler>>;
      const methods = METHODS.filter((m) => typeof mod[m] === "function");
      expect(methods.length, `${route.template} exports no handler`).toBeGreaterThan(0);
      for (const method of methods) {
        const handler = mod[method]!;
        // DELETE takes nothing but its path: valid ids would only delete the fixtures.
        const paramArb = (name: string) =>
          method === "DELETE" || !valid[name]?.length ? hostileString : fc.oneof(fc.constantFrom(...valid[name]!), hostileString);
        const requestArb: fc.Arbitrary<HostileRequest> = fc.record({
          params: fc.record(Object.fromEntries(route.params.map((p) => [p, paramArb(p)]))),
          query: queryArb,
          body: method === "GET" ? fc.constant(undefined) : bodyArb,
        });
        // Better Auth's endpoints are sent anonymously from this app's origin; failed sign-ins
        // are audited and counted by the rate limiter by design, so those two tables may change.
        const auth = isAuthRoute(route);
        const sender: Sender = auth ? { origin: "http://127.0.0.1" } : admin;
        const checksumsNow = async () => {
          const sums = await checksums(wh);
          if (auth) for (const table of ["audit_log", "auth_rate_limit"]) sums.delete(table);
          return sums;
        };
        let before = await checksumsNow();
        const accepted: string[] = [];
        await fc.assert(
          fc.asyncProperty(requestArb, async (input) => {
            const label = `${method} ${route.template} ${describeInput(input)}`;
            const res = await send(handler, route, method, input, sender);
            expect(res.status, `${label} answered ${res.status}: ${res.text.slice(0, 500)}`).toBeLessThan(500);
            expect(res.text, `${label} leaks a stack trace`).not.toMatch(STACK_TRACE);
            // The admin's session holds throughout, so every answer is about the input.
            if (!auth) expect(res.status, `${label} did not see the admin's session: ${res.text.slice(0, 300)}`).not.toBe(401);
            expect(({} as Record<string, unknown>).polluted, `${label} polluted Object.prototype`).toBeUndefined();
            if (auth) {
              // No hostile body is anyone's password: a sign-in is refused with a 4xx and a message.
              if (method === "POST" && input.params.all === "sign-in/email") expect(res.status, `${label}: ${res.text.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
              if (res.status >= 400 && res.text.length > 0) {
                expect(res.type, `${label}: error is not JSON`).toContain("application/json");
                expect(JSON.parse(res.text), `${label}: error body ${res.text.slice(0, 300)}`).toMatchObject({ message: expect.any(String) });
              }
              if (res.status < 400 && method !== "GET") {
                accepted.push(label);
                before = await checksumsNow();
              }
            } else if (res.status >= 400) {
              expect(res.type, `${label}: error is not JSON`).toContain("application/json");
              const parsed = apiErrorSchema.safeParse(JSON.parse(res.text));
              expect(parsed.success, `${label}: error body ${res.text.slice(0, 300)}`).toBe(true);
              expect(parsed.data?.error.message.length ?? 0).toBeGreaterThan(0);
            } else if (method !== "GET") {
              // A write the route accepted as valid (hostile text stored as text): it may change rows.
              accepted.push(label);
              before = await checksumsNow();
            }
          }),
          { numRuns: RUNS_PER_ROUTE, endOnFailure: true, examples: fixedExamples(route, method) },
        );
        const after = await checksumsNow();
        expect(Object.fromEntries(after), `${method} ${route.template} changed stored rows (accepted writes: ${accepted.length})`).toEqual(Object.fromEntries(before));
      }
    });
  }

  it("answers 401 JSON to anonymous callers and forged cookies on every route but the public ones", async () => {
    const checked: string[] = [];
    for (const route of ROUTES) {
      const mod = (await import(pathToFileURL(route.file).href)) as Partial<Record<Method, Handler>>;
      for (const method of METHODS.filter((m) => typeof mod[m] === "function")) {
        const input: HostileRequest = {
          params: Object.fromEntries(route.params.map((p) => [p, valid[p]?.[0] ?? "x"])),
          query: [],
          body: method === "GET" || method === "DELETE" ? undefined : "{}",
        };
        if (PUBLIC_ROUTES.has(route.template)) {
          if (method !== "GET") continue;
          const res = await send(mod[method]!, route, method, { ...input, params: { all: "get-session" } });
          expect(res.status, `${method} ${route.template} is public: ${res.text.slice(0, 300)}`).toBe(200);
          continue;
        }
        for (const sender of [{}, { cookie: "better-auth.session_token=forged.c2lnbmF0dXJl" }, { cookie: `${admin.cookie}x` }]) {
          const res = await send(mod[method]!, route, method, input, sender);
          const label = `${method} ${route.template} with ${sender.cookie ? "a forged cookie" : "no cookie"}`;
          expect(res.status, `${label}: ${res.text.slice(0, 300)}`).toBe(401);
          expect(res.type, label).toContain("application/json");
          expect(JSON.parse(res.text), label).toMatchObject({ error: { code: "unauthenticated", message: expect.stringContaining("Sign in") } });
        }
        checked.push(`${method} ${route.template}`);
      }
    }
    expect(checked.length).toBeGreaterThanOrEqual(25);
  });
});
