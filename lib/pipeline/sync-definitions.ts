import "server-only";
import type { Warehouse } from "@/lib/db";
import type { MetricFile } from "@/lib/metrics/loader";

export const versionIdOf = (m: MetricFile) => `${m.definition.key}@${m.contentHash.slice(0, 12)}`;

/**
 * Records each metric file's content as a definition version (once per
 * content hash) and points the metric at it. Returns version ids by key.
 */
export async function syncDefinitions(wh: Warehouse, metrics: readonly MetricFile[]): Promise<Map<string, string>> {
  const versions = new Map<string, string>();
  for (const m of metrics) {
    const id = versionIdOf(m);
    const key = m.definition.key;
    await wh.prisma.$transaction([
      wh.prisma.metricDefinition.upsert({
        where: { key },
        create: { key, currentVersionId: id, filePath: m.path },
        update: {},
      }),
      wh.prisma.metricDefinitionVersion.upsert({
        where: { metricKey_contentHash: { metricKey: key, contentHash: m.contentHash } },
        create: { id, metricKey: key, contentHash: m.contentHash, source: m.source, definition: m.definition, filePath: m.path },
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
