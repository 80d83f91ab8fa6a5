// Reads metrics/*.yaml, validates each file with Zod and checks the files
// against each other. Every problem names the file, the line and the field.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { LineCounter, parseDocument, isMap, type Document } from "yaml";
import { z } from "zod";
import { commonFieldsSchema, intentGrainIssues, metricDefinitionSchema, type MetricDefinition } from "./definition-schema";
import { parseExpression } from "./expression";
import { composedInputs, type LintIssue } from "./lint-issue";

export type { LintIssue } from "./lint-issue";

export interface MetricFile {
  /** Path as given to the loader's directory, for messages and lineage. */
  path: string;
  source: string;
  contentHash: string;
  definition: MetricDefinition;
  /** Finds the line of a field, for issues found after loading. */
  lineOf(fieldPath: readonly (string | number)[]): number;
}

export interface LoadResult {
  metrics: MetricFile[];
  issues: LintIssue[];
}

export const contentHashOf = (source: string) => createHash("sha256").update(source).digest("hex");

function lineLocator(doc: Document, counter: LineCounter) {
  return (fieldPath: readonly (string | number)[]): number => {
    // Walk up to the deepest node that exists: a missing field points at its parent.
    for (let depth = fieldPath.length; depth >= 0; depth--) {
      const node = doc.getIn(fieldPath.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
      const pair = depth > 0 ? findPairKey(doc, fieldPath.slice(0, depth)) : undefined;
      const offset = pair ?? node?.range?.[0];
      if (offset !== undefined) return counter.linePos(offset).line;
    }
    return 1;
  };
}

// The line of `key:` itself reads better than the line of its value.
function findPairKey(doc: Document, fieldPath: readonly (string | number)[]): number | undefined {
  const parent = fieldPath.length === 1 ? doc.contents : doc.getIn(fieldPath.slice(0, -1), true);
  if (!isMap(parent)) return undefined;
  const last = fieldPath[fieldPath.length - 1];
  const pair = parent.items.find((p) => (p.key as { value?: unknown } | null)?.value === last);
  return (pair?.key as { range?: [number, number, number] } | undefined)?.range?.[0];
}

export function parseMetricSource(filePath: string, source: string): { file?: MetricFile; issues: LintIssue[] } {
  const counter = new LineCounter();
  const doc = parseDocument(source, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const issues: LintIssue[] = [];
  for (const error of doc.errors) {
    const pos = error.linePos?.[0];
    issues.push({ file: filePath, line: pos?.line ?? 1, field: "(yaml)", message: error.message.split("\n")[0] ?? "invalid YAML" });
  }
  if (issues.length > 0) return { issues };
  const lineOf = lineLocator(doc, counter);
  const raw: unknown = doc.toJS();
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    return { issues: [{ file: filePath, line: 1, field: "(file)", message: "must be a YAML mapping of fields (key, name, kind, ...)" }] };
  }
  // reportInput: a wrong value is then told apart from a missing one (whose input stays undefined).
  const parsed = metricDefinitionSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    const zodIssues = [...parsed.error.issues];
    // An unknown kind hides every other problem; report the common fields too.
    if (zodIssues.some((i) => i.path.length === 1 && i.path[0] === "kind")) {
      const common = commonFieldsSchema.safeParse(raw, { reportInput: true });
      if (!common.success) zodIssues.push(...common.error.issues);
    }
    return { issues: zodIssues.map((issue) => zodIssueToLint(filePath, issue, lineOf)) };
  }
  if (parsed.data.kind === "derived") {
    try {
      parseExpression(parsed.data.expression);
    } catch (error) {
      return { issues: [{ file: filePath, line: lineOf(["expression"]), field: "expression", message: (error as Error).message }] };
    }
  }
  const grainIssues = intentGrainIssues(parsed.data);
  if (grainIssues.length > 0) {
    return { issues: grainIssues.map((i) => ({ file: filePath, line: lineOf(i.path), field: i.path.join("."), message: i.message })) };
  }
  const stem = path.basename(filePath).replace(/\.ya?ml$/, "");
  if (parsed.data.key !== stem) {
    issues.push({ file: filePath, line: lineOf(["key"]), field: "key", message: `is '${parsed.data.key}' but the file is named '${stem}.yaml'; they must match` });
    return { issues };
  }
  return { file: { path: filePath, source, contentHash: contentHashOf(source), definition: parsed.data, lineOf }, issues };
}

function zodIssueToLint(file: string, issue: z.core.$ZodIssue, lineOf: (p: readonly (string | number)[]) => number): LintIssue {
  const fieldPath = issue.path.filter((p): p is string | number => typeof p !== "symbol");
  let message = issue.message;
  if (issue.code === "unrecognized_keys") {
    return { file, line: lineOf([...fieldPath, issue.keys[0] ?? ""]), field: [...fieldPath, ...issue.keys].join("."), message: `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `'${k}'`).join(", ")}` };
  }
  if (issue.code === "invalid_union" && fieldPath.length === 0) message = "kind must be one of aggregate, rolling_distinct, cumulative, ratio, derived";
  if ((issue.code === "invalid_type" || issue.code === "invalid_value") && issue.input === undefined) message = "is required";
  return { file, line: lineOf(fieldPath), field: fieldPath.length ? fieldPath.join(".") : "(file)", message };
}

/** Loads every *.yaml / *.yml file in dir, with per-file and cross-file checks. */
export function loadMetricFiles(dir: string): LoadResult {
  if (!fs.existsSync(dir)) {
    return { metrics: [], issues: [{ file: dir, line: 0, field: "(directory)", message: "metrics directory does not exist" }] };
  }
  const names = fs.readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)).sort();
  const metrics: MetricFile[] = [];
  const issues: LintIssue[] = [];
  for (const name of names) {
    const filePath = path.join(dir, name);
    const result = parseMetricSource(path.relative(process.cwd(), filePath) || filePath, fs.readFileSync(filePath, "utf8"));
    issues.push(...result.issues);
    if (result.file) metrics.push(result.file);
  }
  issues.push(...checkReferences(metrics));
  return { metrics, issues };
}

/** Composed metrics must name existing metrics, without cycles. */
export function checkReferences(metrics: readonly MetricFile[]): LintIssue[] {
  const byKey = new Map(metrics.map((m) => [m.definition.key, m]));
  const issues: LintIssue[] = [];
  for (const m of metrics) {
    for (const { key, field } of composedInputs(m.definition)) {
      if (key === m.definition.key) {
        issues.push({ file: m.path, line: m.lineOf([field]), field, message: `refers to the metric itself` });
      } else if (!byKey.has(key)) {
        issues.push({ file: m.path, line: m.lineOf([field]), field, message: `refers to unknown metric '${key}'` });
      }
    }
  }
  if (issues.length === 0) {
    const cycle = findCycle(metrics);
    if (cycle) {
      const first = byKey.get(cycle[0] ?? "");
      if (first) issues.push({ file: first.path, line: 1, field: "(dependencies)", message: `metrics depend on each other in a cycle: ${cycle.join(" -> ")}` });
    }
  }
  return issues;
}

function findCycle(metrics: readonly MetricFile[]): string[] | null {
  const deps = new Map(metrics.map((m) => [m.definition.key, composedInputs(m.definition).map((i) => i.key)]));
  const state = new Map<string, "visiting" | "done">();
  const stack: string[] = [];
  const visit = (key: string): string[] | null => {
    if (state.get(key) === "done") return null;
    if (state.get(key) === "visiting") return [...stack.slice(stack.indexOf(key)), key];
    state.set(key, "visiting");
    stack.push(key);
    for (const dep of deps.get(key) ?? []) {
      const found = visit(dep);
      if (found) return found;
    }
    stack.pop();
    state.set(key, "done");
    return null;
  };
  for (const key of deps.keys()) {
    const found = visit(key);
    if (found) return found;
  }
  return null;
}

/** Metrics ordered so that every metric comes after the metrics it uses. */
export function dependencyOrder<T extends { definition: MetricDefinition }>(metrics: readonly T[]): T[] {
  const byKey = new Map(metrics.map((m) => [m.definition.key, m]));
  const ordered: T[] = [];
  const seen = new Set<string>();
  const visit = (m: T) => {
    if (seen.has(m.definition.key)) return;
    seen.add(m.definition.key);
    for (const { key } of composedInputs(m.definition)) {
      const dep = byKey.get(key);
      if (dep) visit(dep);
    }
    ordered.push(m);
  };
  [...metrics].sort((a, b) => a.definition.key.localeCompare(b.definition.key)).forEach(visit);
  return ordered;
}

export const formatLintIssue = (i: LintIssue) => `${i.file}:${i.line}: ${i.field}: ${i.message}`;
