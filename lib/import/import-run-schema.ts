// Import runs as the runs page shows them. Pure.
import { z } from "zod";

export const importRunSummarySchema = z.object({
  id: z.string(),
  fileName: z.string(),
  filePath: z.string(),
  fileSize: z.number(),
  sha256: z.string(),
  table: z.string(),
  mode: z.string(),
  format: z.string(),
  status: z.enum(["running", "succeeded", "failed"]),
  rowsRead: z.number(),
  rowsLoaded: z.number(),
  rowsRejected: z.number(),
  rejectedLines: z.array(z.number()),
  error: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type ImportRunSummary = z.infer<typeof importRunSummarySchema>;
