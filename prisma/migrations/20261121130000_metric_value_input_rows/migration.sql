-- The source rows each aggregate point read when its run wrote it, so that a
-- later recomputation can tell rows that changed after the run. NULL where the
-- kind has no per-point count (rolling, cumulative, ratio, derived) and for
-- points written before this column existed.
ALTER TABLE "metric_value" ADD COLUMN "input_rows" BIGINT;
