// Which metrics a viewer may see. Pure. A metric restricted to groups hides
// every metric computed from it too (ARPU from a restricted revenue would
// reveal revenue), so its inputs' restrictions apply as well.
import type { MetricDefinition } from "@/lib/metrics/definition-schema";
import { composedInputs } from "@/lib/metrics/lint-issue";
import { viewerInGroups, type Viewer } from "./viewer-schema";

type Definitions = ReadonlyMap<string, { definition: MetricDefinition }>;

/** The groups lists that all must admit a viewer to `key`: its own and its inputs', transitively. */
export function metricAccessRequirements(key: string, definitions: Definitions, seen: Set<string> = new Set()): string[][] {
  if (seen.has(key)) return [];
  seen.add(key);
  const entry = definitions.get(key);
  if (!entry) return [];
  const own = entry.definition.access ? [entry.definition.access.groups] : [];
  return [...own, ...composedInputs(entry.definition).flatMap((input) => metricAccessRequirements(input.key, definitions, seen))];
}

export function metricVisibleTo(viewer: Viewer, key: string, definitions: Definitions): boolean {
  return metricAccessRequirements(key, definitions).every((groups) => viewerInGroups(viewer, groups));
}
