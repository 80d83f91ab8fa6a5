// Names of a metric's lineage nodes. Pure.
import { z } from "zod";

export const lineageNodeKindSchema = z.enum(["file", "system", "table", "job", "rollup", "metric"]);
export type LineageNodeKind = z.infer<typeof lineageNodeKindSchema>;

export interface LineageEdgeRecord {
  fromKind: LineageNodeKind;
  fromName: string;
  toKind: LineageNodeKind;
  toName: string;
  /** Source columns carried along the edge. */
  columns: string[];
}

export const lineageNodeNames = (key: string) => ({ job: `compute:${key}`, rollup: `metric_value/${key}`, metric: key });

export const nodeId = (kind: LineageNodeKind, name: string) => `${kind}:${name}`;
