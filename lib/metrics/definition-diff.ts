// A unified line diff of two definition files. Pure.
import { formatPatch, structuredPatch } from "diff";
import type { DiffLine } from "./definition-version-schema";

export interface FileVersion {
  /** A name for the diff header: the version id. */
  name: string;
  source: string;
}

export interface LineDiff {
  patch: string;
  lines: DiffLine[];
  added: number;
  removed: number;
}

/** Every line of both files in context: metric files are short, and a reader sees the change in place. */
export function diffDefinitionSources(from: FileVersion, to: FileVersion): LineDiff {
  const structured = structuredPatch(
    from.name,
    to.name,
    from.source,
    to.source,
    undefined,
    undefined,
    { context: Number.MAX_SAFE_INTEGER },
  );
  const lines: DiffLine[] = [];
  let added = 0;
  let removed = 0;
  for (const hunk of structured.hunks) {
    lines.push({
      kind: "hunk",
      text: `@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`,
      fromLine: null,
      toLine: null,
    });
    let fromLine = hunk.oldStart;
    let toLine = hunk.newStart;
    for (const raw of hunk.lines) {
      const sign = raw[0];
      const text = raw.slice(1);
      if (sign === "+") {
        lines.push({ kind: "added", text, fromLine: null, toLine: toLine++ });
        added++;
      } else if (sign === "-") {
        lines.push({ kind: "removed", text, fromLine: fromLine++, toLine: null });
        removed++;
      } else if (sign === "\\") {
        lines.push({ kind: "note", text: raw.slice(2), fromLine: null, toLine: null });
      } else {
        lines.push({ kind: "context", text, fromLine: fromLine++, toLine: toLine++ });
      }
    }
  }
  return { patch: formatPatch(structured), lines, added, removed };
}
