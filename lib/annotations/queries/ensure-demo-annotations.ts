import "server-only";
import type { SqlClient } from "@/lib/db";
import { DEMO_ANNOTATIONS, DEMO_AUTHOR } from "../demo-annotations";
import { createAnnotation } from "./create-annotation";

export interface DemoAnnotationResult {
  title: string;
  status: "created" | "exists" | "skipped";
}

/**
 * Creates each demo annotation that is absent (no annotation with its title
 * on its day), on those of its metrics that are defined; one whose metrics
 * are none of them (another metrics folder) is skipped.
 */
export async function ensureDemoAnnotations(sql: SqlClient): Promise<DemoAnnotationResult[]> {
  const defined = new Set(
    (await sql.query<{ key: string }>(`SELECT key FROM metric_definition`)).map((r) => r.key),
  );
  const results: DemoAnnotationResult[] = [];
  for (const demo of DEMO_ANNOTATIONS) {
    const [exists] = await sql.query(
      `SELECT 1 FROM annotation WHERE title = $1 AND starts_on = $2::date LIMIT 1`,
      [demo.title, demo.startsOn],
    );
    if (exists) {
      results.push({ title: demo.title, status: "exists" });
      continue;
    }
    const metricKeys = demo.metricKeys?.filter((k) => defined.has(k)) ?? null;
    if (metricKeys?.length === 0 || defined.size === 0) {
      results.push({ title: demo.title, status: "skipped" });
      continue;
    }
    await createAnnotation(sql, { ...demo, metricKeys }, DEMO_AUTHOR);
    results.push({ title: demo.title, status: "created" });
  }
  return results;
}
