// Alert rules after a compute, on both warehouses: a rule fires once per
// period, is delivered to a local webhook exactly once, failures are retried,
// recorded and shown by GET /api/alerts, and the inbox's transitions are
// checked and audited. Only getWarehouse is replaced, so the routes run
// against the test warehouse.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as acknowledgeRoute } from "@/app/api/alerts/[id]/acknowledge/route";
import { POST as resolveRoute } from "@/app/api/alerts/[id]/resolve/route";
import { GET as listRoute } from "@/app/api/alerts/route";
import { alertListSchema, alertSchema, alertWebhookPayloadSchema, type AlertList } from "@/lib/alerts/alert-schema";
import type { DeliverAlertsOptions } from "@/lib/alerts/deliver";
import type { AlertEvaluationResult } from "@/lib/alerts/run-alert-evaluation";
import type { Warehouse } from "@/lib/db";
import { addDays } from "@/lib/metrics/periods";
import { computeMetrics } from "@/lib/pipeline/compute";
import { signedRequest, testAccount } from "../support/auth";
import { WAREHOUSES, type TestWarehouse } from "../support/warehouses";

const state = vi.hoisted(() => ({ wh: undefined as Warehouse | undefined }));

vi.mock("@/lib/db", () => ({
  getWarehouse: async () => {
    if (!state.wh) throw new Error("no test warehouse");
    return state.wh;
  },
}));

const SALES = `key: sales
name: Sales
description: Money taken.
kind: aggregate
unit: currency
currency: USD
owner: test
direction: higher_is_better
table: shop
time_column: day
aggregate: { fn: sum, column: amount }
grains: [day, week]
alerts:
  - { kind: threshold, grain: day, op: below, value: 50 }
`;

// Four weeks of 100 a day from Monday 2026-01-05; the last day, Sunday Feb 1, takes 10.
const FIRST = "2026-01-05";
const LAST = "2026-02-01";
const SHOP = `CREATE TABLE shop (day date, amount numeric(10,2));
INSERT INTO shop SELECT d::date, CASE WHEN d::date = DATE '${LAST}' THEN 10 ELSE 100 END FROM generate_series(DATE '${FIRST}', DATE '${LAST}', INTERVAL '1 day') AS d;`;

interface Received {
  body: unknown;
  idempotencyKey: string | undefined;
  attempt: string | undefined;
}

/** A webhook receiver on 127.0.0.1 that answers `status` and keeps every request. */
async function startReceiver() {
  const receiver = { status: 200, requests: [] as Received[], url: "" };
  const server = http.createServer((req, res) => {
    let text = "";
    req.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
    req.on("end", () => {
      receiver.requests.push({ body: JSON.parse(text) as unknown, idempotencyKey: req.headers["idempotency-key"] as string | undefined, attempt: req.headers["x-triad-delivery-attempt"] as string | undefined });
      res.writeHead(receiver.status, { "Content-Type": "text/plain" }).end(receiver.status === 200 ? "ok" : "receiver is broken");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/triad`;
  return { receiver, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe.each(WAREHOUSES)("alerts on $name", (factory) => {
  let wh: TestWarehouse;
  let hook: Awaited<ReturnType<typeof startReceiver>>;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "triad-alerts-"));
  fs.writeFileSync(path.join(dir, "sales.yaml"), SALES);

  const delivery = (overrides: Partial<DeliverAlertsOptions> = {}): DeliverAlertsOptions => ({
    webhookUrl: hook.receiver.url,
    publicUrl: "https://triad.example",
    attempts: 3,
    maxFailures: 6,
    timeoutMs: 2000,
    backoffMs: 5,
    ...overrides,
  });

  async function compute(overrides: Partial<DeliverAlertsOptions> = {}): Promise<AlertEvaluationResult> {
    let evaluation: AlertEvaluationResult | undefined;
    const results = await computeMetrics(wh, { metricsDir: dir, alerts: { delivery: delivery(overrides) }, onAlerts: (r) => (evaluation = r) });
    expect(results.map((r) => r.status)).toEqual(["succeeded"]);
    expect(evaluation).toBeDefined();
    return evaluation!;
  }

  const addDay = (day: string, amount: number) => wh.sql.query(`INSERT INTO shop VALUES ($1::date, $2)`, [day, amount]);

  async function list(query = ""): Promise<AlertList> {
    const response = await listRoute(await signedRequest(`/api/alerts${query}`, "admin"));
    expect(response.status).toBe(200);
    return alertListSchema.parse(await response.json());
  }

  const post = async (route: typeof acknowledgeRoute, id: string, body?: unknown) =>
    route(await signedRequest(`/api/alerts/${id}/x`, "admin", { method: "POST", ...(body === undefined ? {} : { body: JSON.stringify(body) }) }), { params: Promise.resolve({ id }) });

  const deliveries = (alertId: string) =>
    wh.sql.query<{ attempt: number; status: string; http_status: number | null; error: string | null }>(
      `SELECT attempt, status, http_status, error FROM alert_delivery WHERE alert_id = $1 ORDER BY attempt`,
      [alertId],
    );

  beforeAll(async () => {
    wh = await factory.open();
    state.wh = wh;
    hook = await startReceiver();
    await wh.sql.exec(SHOP);
  });
  afterAll(async () => {
    await hook?.close();
    await wh?.dispose();
  });

  it("fires the rule on its period, stores one alert and delivers it exactly once", async () => {
    const evaluation = await compute();
    expect(evaluation).toMatchObject({ status: "succeeded", evaluation: { metrics: 1, fired: 1 }, delivery: { configured: true, delivered: 1, failed: 0 } });
    const { alerts } = await list();
    expect(alerts).toHaveLength(1);
    const [alert] = alerts;
    expect(alert).toMatchObject({
      metric: { key: "sales", name: "Sales" },
      rule: { id: "threshold:day:below:50", kind: "threshold" },
      grain: "day",
      period: LAST,
      severity: "critical",
      value: 10,
      expected: 50,
      status: "open",
      message: "Sales on Feb 1, 2026: $10.00, below the $50.00 alert threshold.",
      delivery: { state: "delivered", attempts: 1, failedAttempts: 0 },
    });
    expect(alert!.runId).toEqual(expect.any(String));
    expect(hook.receiver.requests).toHaveLength(1);
    const [request] = hook.receiver.requests;
    expect(request!.idempotencyKey).toBe(alert!.id);
    expect(request!.attempt).toBe("1");
    expect(alertWebhookPayloadSchema.parse(request!.body)).toMatchObject({
      id: alert!.id,
      type: "triad.alert.fired",
      metric: { key: "sales", name: "Sales" },
      period: LAST,
      value: 10,
      message: alert!.message,
      url: `https://triad.example${alert!.href}`,
    });
  });

  it("does not fire or deliver the same period again on the next compute", async () => {
    const evaluation = await compute();
    expect(evaluation).toMatchObject({ status: "succeeded", evaluation: { fired: 0, candidates: 1 }, delivery: { delivered: 0, attempts: 0 } });
    expect((await list()).alerts).toHaveLength(1);
    expect(hook.receiver.requests).toHaveLength(1);
  });

  it("retries a failing receiver, records every attempt and shows the failure", async () => {
    await addDay(addDays(LAST, 1), 20);
    hook.receiver.status = 500;
    const evaluation = await compute();
    expect(evaluation).toMatchObject({ status: "succeeded", evaluation: { fired: 1 }, delivery: { delivered: 0, failed: 1, attempts: 3 } });
    const { alerts } = await list("?status=open");
    const failing = alerts.find((a) => a.period === addDays(LAST, 1))!;
    expect(failing.delivery).toMatchObject({ state: "failed", attempts: 3, failedAttempts: 3, lastHttpStatus: 500, gaveUp: false, lastError: "HTTP 500 Internal Server Error: receiver is broken" });
    expect((await deliveries(failing.id)).map((d) => [d.attempt, d.status, d.http_status])).toEqual([
      [1, "failed", 500],
      [2, "failed", 500],
      [3, "failed", 500],
    ]);
    expect(hook.receiver.requests.filter((r) => r.idempotencyKey === failing.id).map((r) => r.attempt)).toEqual(["1", "2", "3"]);

    // The receiver recovers: the next compute delivers it, once, as attempt 4.
    hook.receiver.status = 200;
    const retried = await compute();
    expect(retried.delivery).toMatchObject({ delivered: 1, failed: 0, attempts: 1 });
    expect((await deliveries(failing.id)).map((d) => d.status)).toEqual(["failed", "failed", "failed", "delivered"]);
    const after = (await list()).alerts.find((a) => a.id === failing.id)!;
    expect(after.delivery).toMatchObject({ state: "delivered", attempts: 4, lastError: null });
    await compute();
    expect(hook.receiver.requests.filter((r) => r.idempotencyKey === failing.id)).toHaveLength(4);
  });

  it("gives up after the failure cap and says so", async () => {
    await addDay(addDays(LAST, 2), 30);
    hook.receiver.status = 503;
    const first = await compute({ maxFailures: 2 });
    expect(first.delivery).toMatchObject({ failed: 1, attempts: 2 });
    const second = await compute({ maxFailures: 2 });
    expect(second.delivery).toMatchObject({ failed: 0, attempts: 0 });
    const given = (await list()).alerts.find((a) => a.period === addDays(LAST, 2))!;
    expect(given.delivery).toMatchObject({ state: "failed", failedAttempts: 2, lastHttpStatus: 503 });
    hook.receiver.status = 200;
  });

  it("acknowledges and resolves, refusing invalid transitions, and audits each change", async () => {
    const [alert] = (await list(`?metric=sales&status=open`)).alerts;
    // A client-sent actor is ignored: the audit log records the signed-in account.
    const ack = await post(acknowledgeRoute, alert!.id, { note: "Looking into it", actor: "ana" });
    expect(ack.status).toBe(200);
    expect(alertSchema.parse(await ack.json())).toMatchObject({ id: alert!.id, status: "acknowledged", acknowledgedAt: expect.any(String), resolvedAt: null });

    const again = await post(acknowledgeRoute, alert!.id);
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error: { code: "conflict", message: expect.stringContaining("acknowledged") } });

    const resolved = await post(resolveRoute, alert!.id);
    expect(resolved.status).toBe(200);
    expect(await resolved.json()).toMatchObject({ status: "resolved", resolvedAt: expect.any(String) });
    expect((await post(resolveRoute, alert!.id)).status).toBe(409);
    expect((await post(acknowledgeRoute, alert!.id)).status).toBe(409);

    // An open alert can be resolved directly.
    const [other] = (await list(`?status=open`)).alerts;
    expect((await post(resolveRoute, other!.id)).status).toBe(200);

    const audit = await wh.sql.query<{ action: string; actor: string; entity_id: string; detail: Record<string, unknown> }>(
      `SELECT action, actor, entity_id, detail FROM audit_log WHERE entity_type = 'alert' ORDER BY seq`,
    );
    expect(audit.map((e) => [e.action, e.entity_id, e.actor])).toEqual([
      ["alert.acknowledged", alert!.id, testAccount("admin").email],
      ["alert.resolved", alert!.id, testAccount("admin").email],
      ["alert.resolved", other!.id, testAccount("admin").email],
    ]);
    expect(audit[0]!.detail).toMatchObject({ metricKey: "sales", from: "open", to: "acknowledged", note: "Looking into it" });

    const counts = (await list()).counts;
    expect(counts).toEqual({ open: 1, acknowledged: 0, resolved: 2 });
    expect((await list("?status=resolved")).alerts.map((a) => a.status)).toEqual(["resolved", "resolved"]);
  });

  it("answers 404 for an unknown alert and 400 for a malformed id, filter or body", async () => {
    const unknown = await post(acknowledgeRoute, "00000000-0000-4000-8000-000000000000");
    expect(unknown.status).toBe(404);
    const malformed = await post(resolveRoute, "nope");
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: { parameter: "id" } });
    const [open] = (await list("?status=open")).alerts;
    const badBody = await resolveRoute(await signedRequest("/x", "admin", { method: "POST", body: "{" }), { params: Promise.resolve({ id: open!.id }) });
    expect(badBody.status).toBe(400);
    const badStatus = await listRoute(await signedRequest("/api/alerts?status=closed", "admin"));
    expect(badStatus.status).toBe(400);
    expect(await badStatus.json()).toMatchObject({ error: { parameter: "status" } });
  });

  it("records a failed evaluation without failing the compute", async () => {
    await wh.sql.exec(`ALTER TABLE alert RENAME TO alert_away`);
    try {
      const evaluation = await compute();
      expect(evaluation).toMatchObject({ status: "failed", error: expect.stringMatching(/^Failed evaluating the alert rules: .*alert/) });
    } finally {
      await wh.sql.exec(`ALTER TABLE alert_away RENAME TO alert`);
    }
    const [row] = await wh.sql.query<{ status: string; error: string }>(`SELECT status, error FROM alert_evaluation ORDER BY started_at DESC LIMIT 1`);
    expect(row).toMatchObject({ status: "failed", error: expect.stringContaining("Failed evaluating the alert rules") });
    expect((await list()).lastEvaluation).toMatchObject({ status: "failed" });
  });
});
