// `npm run triad -- <command>`: the command line over the same lib as the app.
import { parseArgs } from "node:util";
import { z } from "zod";
import { openWarehouseFromEnv, type Warehouse } from "@/lib/db/warehouse";
import { migrateWarehouse } from "@/lib/db/migrate";
import { metricsDir } from "@/lib/env";
import { formatLintIssue } from "@/lib/metrics/loader";
import { checkMetricFiles } from "@/lib/metrics/lint";
import { computeMetrics, MetricFilesInvalidError, type MetricRunResult } from "@/lib/pipeline/compute";
import type { AlertEvaluationResult } from "@/lib/alerts/run-alert-evaluation";
import { seedDemoShop } from "@/lib/demo/seed";
import { verifyAuditLog } from "@/lib/audit/verify-audit-log";
import { ensureDemoDashboards } from "@/lib/dashboards/queries/ensure-demo-dashboards";
import { ensureDemoAnnotations } from "@/lib/annotations/queries/ensure-demo-annotations";
import { verifyMetrics, type MetricVerification } from "@/lib/verify/verify-points";
import { runImportCommand } from "@/lib/import/import-command";
import { ensureDemoAccounts } from "@/lib/auth/users";
import { createManagedUser } from "@/lib/auth/queries/create-managed-user";
import { findUserIdByEmailOrThrow } from "@/lib/auth/queries/find-user-id-by-email-or-throw";
import { listUsers } from "@/lib/auth/queries/list-users";
import { updateUserOrThrow } from "@/lib/auth/queries/update-user-or-throw";
import { CLI_ACTOR } from "@/lib/auth/queries/user-rows";
import { createUserBodySchema, updateUserBodySchema } from "@/lib/auth/user-schema";
import { isHttpError } from "@/lib/http/errors";

const USAGE = `Usage: npm run triad -- <command> [options]

Commands:
  migrate                 apply prisma/migrations to the warehouse
  seed [--scale N]        (re)build the demo shop's source tables, about N source rows
  lint                    check every metric file against its schema and the warehouse
  compute [--full] [--metric KEY]
                          compute every metric (or one; repeatable) from the source tables:
                          only the periods whose source rows changed since its last run,
                          or with --full every point; then evaluate their alert rules
                          and deliver pending alerts
  verify [--metric KEY]   recompute every stored point (or one metric's; repeatable) from the
                          source rows now; exit 1 on any mismatch, saying why
  import FILE --table NAME [--replace|--append] [--delimiter X] [--skip-bad-rows]
                          load a CSV or Parquet file into a warehouse table in one
                          transaction, inferring column types; recorded as an import run
  audit verify            check the audit log's hash chain; name the first broken entry
  user create --email E --role R [--name N] [--group G ...]
                          create an account (roles: viewer, analyst, auditor, admin) and
                          print its generated password once; how the first admin is made
  user list               every account: email, role, groups, last sign-in
  user set-role --email E --role R [--group G ...]
                          change an account's role (and, with --group, its groups);
                          its sessions see the new role within 5 seconds
  bootstrap               migrate; on an empty warehouse seed the demo and compute;
                          otherwise compute metrics whose definition changed;
                          then create the demo dashboards and annotations that do not exist,
                          and (not in production) one demo account per role when there is none

The warehouse is DATABASE_URL when set, otherwise the embedded one in TRIAD_DATA_DIR (.data).
Metric files are read from TRIAD_METRICS_DIR (metrics/).`;

class UsageError extends Error {}

const seedOptionsSchema = z.object({ scale: z.coerce.number().int().min(10_000, "must be at least 10000").max(1_000_000_000).optional() });

function parse(argv: string[]) {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      metric: { type: "string", multiple: true },
      full: { type: "boolean" },
      scale: { type: "string" },
      table: { type: "string" },
      replace: { type: "boolean" },
      append: { type: "boolean" },
      delimiter: { type: "string" },
      "skip-bad-rows": { type: "boolean" },
      email: { type: "string" },
      role: { type: "string" },
      name: { type: "string" },
      group: { type: "string", multiple: true },
      help: { type: "boolean", short: "h" },
    },
  });
  return { positionals, values };
}

const log = (line: string) => process.stdout.write(`${line}\n`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function printRun(r: MetricRunResult) {
  if (r.status === "succeeded") log(`  ok      ${r.key.padEnd(22)} ${String(r.outputRows).padStart(7)} points from ${r.inputRows} input rows in ${seconds(r.ms)}  ${r.mode}: ${r.reason}  run ${r.runId}`);
  else log(`  FAILED  ${r.key.padEnd(22)} ${r.error}  run ${r.runId}`);
}

function printAlerts(r: AlertEvaluationResult) {
  if (r.status === "failed") {
    log(`  ALERTS  ${r.error}`);
    return;
  }
  const e = r.evaluation;
  const d = r.delivery;
  const delivery = !d?.configured
    ? "no webhook configured (TRIAD_ALERT_WEBHOOK_URL)"
    : `${d.delivered} delivered${d.failed ? `, ${d.failed} failed` : ""}${d.deferred ? `, ${d.deferred} deferred to the next compute` : ""} in ${seconds(r.deliverMs)}`;
  log(`  alerts  ${e?.fired ?? 0} fired from the rules of ${e?.metrics ?? 0} metric(s) in ${seconds(r.evaluateMs)}; ${delivery}.`);
}

async function withWarehouse<T>(fn: (wh: Warehouse) => Promise<T>): Promise<T> {
  const wh = await openWarehouseFromEnv();
  try {
    return await fn(wh);
  } finally {
    await wh.close();
  }
}

async function migrate(wh: Warehouse) {
  const result = await migrateWarehouse(wh.sql);
  log(result.applied.length ? `Applied ${result.applied.length} migration(s): ${result.applied.join(", ")}` : `Warehouse is up to date (${result.alreadyApplied} migration(s) applied before).`);
}

async function seed(wh: Warehouse, scale: number | undefined) {
  log(`Seeding the demo shop into ${wh.location}${scale ? ` at about ${scale} source rows` : ""} ...`);
  const report = await seedDemoShop(wh.sql, { scale });
  log(`Seeded ${report.users} users, ${report.sessions} sessions, ${report.orders} orders, ${report.refunds} refunds (${report.totalRows} rows) in ${seconds(report.ms)}.`);
}

async function compute(wh: Warehouse, only: string[] | undefined, onlyStale = false, full = false): Promise<boolean> {
  const started = Date.now();
  const results = await computeMetrics(wh, { metricsDir: metricsDir(), only, onlyStale, full, onMetric: printRun, onAlerts: printAlerts });
  const failed = results.filter((r) => r.status === "failed");
  log(`Computed ${results.length - failed.length} of ${results.length} metric(s) in ${seconds(Date.now() - started)}${failed.length ? `; ${failed.length} failed` : ""}.`);
  return failed.length === 0;
}

async function demoDashboards(wh: Warehouse) {
  for (const r of await ensureDemoDashboards(wh)) {
    if (r.status === "created") log(`Created the demo dashboard /dashboards/${r.slug}.`);
    if (r.status === "skipped") log(`Skipped the demo dashboard /dashboards/${r.slug}: no metric ${r.missingMetrics?.join(", ")}.`);
  }
}

async function demoAnnotations(wh: Warehouse) {
  for (const r of await ensureDemoAnnotations(wh.sql)) {
    if (r.status === "created") log(`Created the demo annotation "${r.title}".`);
    if (r.status === "skipped") log(`Skipped the demo annotation "${r.title}": none of its metrics is defined.`);
  }
}

async function demoAccounts(wh: Warehouse) {
  const made = await ensureDemoAccounts(wh.sql);
  if (!made) return;
  log("");
  log("Demo accounts, one per role (first start only; kept in " + made.file + "):");
  for (const a of made.accounts) log(`  ${a.role.padEnd(8)} ${a.email.padEnd(22)} password ${a.password}`);
  log("Sign in at /sign-in. A production deployment (NODE_ENV=production with DATABASE_URL) never gets demo accounts.");
  log("");
}

function printVerification(v: MetricVerification) {
  const bad = v.points - v.matched;
  log(`  ${bad ? "MISMATCH" : "ok      "} ${v.metric.padEnd(22)} ${String(v.matched).padStart(7)} matched, ${bad} mismatched in ${seconds(v.ms)}`);
  for (const m of v.mismatches.slice(0, 5))
    log(`      ${m.grain} ${m.period}${m.dimension ? ` ${m.dimension}=${m.value}` : ""}: stored ${m.stored} vs recomputed ${m.recomputed}: ${m.reason}  run ${m.runId}`);
}

async function verify(wh: Warehouse, only: string[] | undefined): Promise<number> {
  const started = Date.now();
  const results = await verifyMetrics(wh, only, printVerification);
  const bad = results.reduce((n, v) => n + v.points - v.matched, 0);
  const points = results.reduce((n, v) => n + v.points, 0);
  log(`Verified ${points} point(s) of ${results.length} metric(s) in ${seconds(Date.now() - started)}: ${bad ? `${bad} mismatched` : "all match"}.`);
  return bad ? 1 : 0;
}

async function auditVerify(wh: Warehouse): Promise<number> {
  const verdict = await verifyAuditLog(wh.sql);
  if (verdict.ok) {
    log(`Audit log OK: ${verdict.entries} entr${verdict.entries === 1 ? "y" : "ies"}, chain intact.`);
    return 0;
  }
  process.stderr.write(`Audit log BROKEN at entry ${verdict.brokenSeq}: ${verdict.reason}.\n`);
  return 1;
}

type Values = ReturnType<typeof parse>["values"];

/** A Zod failure as one line naming the options: `--role: Invalid option ...`. */
function optionError(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): UsageError {
  const option = (path: readonly PropertyKey[]) => (path[0] === "groups" ? "--group" : `--${String(path[0])}`);
  return new UsageError(error.issues.map((i) => (i.path.length ? `${option(i.path)}: ${i.message}` : i.message)).join("; "));
}

// Changes made here are audited with the actor "cli".
async function user(wh: Warehouse, subcommand: string | undefined, values: Values): Promise<number> {
  try {
    if (subcommand === "create") {
      const body = createUserBodySchema.safeParse({ email: values.email, name: values.name, role: values.role, groups: values.group ?? [] });
      if (!body.success) throw optionError(body.error);
      const { user: made, generatedPassword } = await createManagedUser(wh.sql, body.data, CLI_ACTOR);
      log(`Created ${made.email} (${made.role}${made.groups.length ? `, groups ${made.groups.join(", ")}` : ""}).`);
      log(`Password: ${generatedPassword}`);
      log("It is shown only now and stored only as a hash: give it to its owner over a safe channel. Sign in at /sign-in.");
      return 0;
    }
    if (subcommand === "list") {
      const users = await listUsers(wh.sql);
      for (const u of users) log(`  ${u.role.padEnd(8)} ${u.email.padEnd(32)} ${(u.groups.join(",") || "-").padEnd(16)} last sign-in ${u.lastSignInAt ?? "never"}`);
      log(`${users.length} user(s).`);
      return 0;
    }
    if (subcommand === "set-role") {
      if (!values.email) throw new UsageError("--email is required.");
      const body = updateUserBodySchema.safeParse({ role: values.role, ...(values.group ? { groups: values.group } : {}) });
      if (!body.success || values.role === undefined) throw body.success ? new UsageError("--role is required.") : optionError(body.error);
      const id = await findUserIdByEmailOrThrow(wh.sql, values.email);
      const changed = await updateUserOrThrow(wh.sql, id, body.data, CLI_ACTOR);
      log(`${changed.email} is now ${changed.role}${changed.groups.length ? ` in groups ${changed.groups.join(", ")}` : ""}.`);
      return 0;
    }
  } catch (error) {
    // 404 (no such email) and 409 (taken email, last admin): the message says what to do.
    if (isHttpError(error)) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
  throw new UsageError(`'user' takes a subcommand: create, list or set-role.`);
}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parse(argv);
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    log(USAGE);
    return command || values.help ? 0 : 2;
  }
  if (command === "audit") {
    if (rest.length !== 1 || rest[0] !== "verify") throw new UsageError(`'audit' takes one subcommand: verify.`);
    return withWarehouse(auditVerify);
  }
  if (command === "user") {
    if (rest.length !== 1 || !["create", "list", "set-role"].includes(rest[0] ?? "")) throw new UsageError(`'user' takes one subcommand: create, list or set-role.`);
    return withWarehouse((wh) => user(wh, rest[0], values));
  }
  if (command === "import") return withWarehouse((wh) => runImportCommand(wh, { positionals: rest, ...values, skipBadRows: values["skip-bad-rows"] }, log));
  if (rest.length > 0) throw new UsageError(`Unexpected argument '${rest[0]}' after '${command}'.`);
  switch (command) {
    case "migrate":
      await withWarehouse(migrate);
      return 0;
    case "seed": {
      const opts = seedOptionsSchema.safeParse({ scale: values.scale });
      if (!opts.success) throw new UsageError(`--scale ${opts.error.issues[0]?.message ?? "is invalid"}.`);
      await withWarehouse((wh) => seed(wh, opts.data.scale));
      return 0;
    }
    case "lint":
      return withWarehouse(async (wh) => {
        const { metrics, issues } = await checkMetricFiles(wh.sql, metricsDir());
        for (const issue of issues) process.stderr.write(`${formatLintIssue(issue)}\n`);
        log(issues.length ? `${issues.length} problem(s) in ${metricsDir()}.` : `${metrics.length} metric file(s) OK.`);
        return issues.length ? 1 : 0;
      });
    case "verify":
      return withWarehouse((wh) => verify(wh, values.metric));
    case "compute":
      return withWarehouse(async (wh) => ((await compute(wh, values.metric, false, values.full === true)) ? 0 : 1));
    case "bootstrap":
      return withWarehouse(async (wh) => {
        await migrate(wh);
        const [{ n } = { n: 0 }] = await wh.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM (SELECT 1 FROM users LIMIT 1) u`);
        if (n === 0) await seed(wh, undefined);
        else log("The warehouse has data; computing metrics whose definition has no successful run yet.");
        const ok = await compute(wh, undefined, n !== 0);
        await demoDashboards(wh);
        await demoAnnotations(wh);
        await demoAccounts(wh);
        return ok ? 0 : 1;
      });
    default:
      throw new UsageError(`Unknown command '${command}'.`);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError || (error instanceof Error && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS"))) {
      process.stderr.write(`${error.message}\n\n${USAGE}\n`);
      process.exit(2);
    }
    if (error instanceof MetricFilesInvalidError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    process.stderr.write(`triad: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
