-- Incremental compute: each run says whether it rewrote every point or only
-- some periods (and which), and each metric keeps a fingerprint per source
-- day of the rows its last run read, so the next run finds the changed days.

-- AlterTable
ALTER TABLE "metric_run" ADD COLUMN "mode" TEXT NOT NULL DEFAULT 'full',
ADD COLUMN "scope" JSONB;

-- CreateTable
CREATE TABLE "metric_source_day" (
    "metric_key" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "rows" BIGINT NOT NULL,
    "fingerprint" NUMERIC NOT NULL,

    CONSTRAINT "metric_source_day_pkey" PRIMARY KEY ("metric_key","day")
);
