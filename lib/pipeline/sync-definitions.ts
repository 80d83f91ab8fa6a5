import "server-only";
import type { Warehouse } from "@/lib/db";
import type { CompiledMetric } from "@/lib/metrics/compiler";
import type { MetricFile } from "@/lib/metrics/loader";

export const versionIdOf = (m: MetricFile) => `${m.definition.key}@${m.contentHash.slice(0, 12)}`;

/**
 * Records each metric file's content as a definition version (once per
 * content hash) and points the metric at it. The stored definition carries
 * the grains and dimensions the compiler resolved (for ratio and derived
 * metrics, those their inputs share), so readers need no compiler.
 * Returns version ids by key.
 */
export async function syncDefinitions(wh: Warehouse, metrics: readonly MetricFile[], compiled: ReadonlyMap<string, CompiledMetric>): Promise<Map<string, string>> {
  const versions = new Map<string, string>();
  // One read for all: a metric whose version is stored and current needs no write (the usual compute).
  const definitions = new Map((await wh.prisma.metricDefinition.findMany({ select: { key: true, currentVersionId: true, filePath: true } })).map((d) => [d.key, d]));
  const stored = new Set(
    (await wh.prisma.metricDefinitionVersion.findMany({ where: { contentHash: { in: metrics.map((m) => m.contentHash) } }, select: { metricKey: true, contentHash: true } })).map((v) => `${v.metricKey}\u0000${v.contentHash}`),
  );
  for (const m of metrics) {
    const id = versionIdOf(m);
    const key = m.definition.key;
    const known = definitions.get(key);
    if (known && known.currentVersionId === id && known.filePath === m.path && stored.has(`${key}\u0000${m.contentHash}`)) {
      versions.set(key, id);
      continue;
    }
    const shape = compiled.get(key);
    const definition = shape ? { ...m.definition, grains: shape.grains, dimensions: shape.dimensions } : m.definition;
    await wh.prisma.$transaction([
      wh.prisma.metricDefinition.upsert({
        where: { key },
        create: { key, currentVersionId: id, filePath: m.path },
        update: {},
      }),
      wh.prisma.metricDefinitionVersion.upsert({
        where: { metricKey_contentHash: { metricKey: key, contentHash: m.contentHash } },
        create: { id, metricKey: key, contentHash: m.contentHash, source: m.source, definition, filePath: m.path },
        update: {},
      }),
    ]);
    const current = await wh.prisma.metricDefinition.findUniqueOrThrow({ where: { key } });
    if (current.currentVersionId !== id || current.filePath !== m.path) {
      await wh.prisma.metricDefinition.update({ where: { key }, data: { currentVersionId: id, filePath: m.path, updatedAt: new Date() } });
    }
    versions.set(key, id);
  }
  return versions;
}
