-- Change detection and checks proportional to the changed data. Triggers on
-- each watched source table log the days its writes touch (source_change);
-- compute re-reads only those days into a per-table, per-day fingerprint
-- (source_day). Reconciliation keeps each metric's raw total per source day
-- (metric_check_day). compute_lease marks the computes that are running, so
-- a later compute can tell the 'running' runs of a killed one.

-- CreateTable
CREATE TABLE "source_change" (
    "id" BIGSERIAL NOT NULL,
    "relid" BIGINT NOT NULL,
    "time_column" TEXT,
    "day" DATE,

    CONSTRAINT "source_change_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "source_table_watch" (
    "table_name" TEXT NOT NULL,
    "time_column" TEXT NOT NULL,
    "time_type" TEXT NOT NULL,
    "relid" BIGINT NOT NULL,
    "trigger_function" TEXT,
    "refreshed_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "source_table_watch_pkey" PRIMARY KEY ("table_name","time_column")
);

-- CreateTable
CREATE TABLE "source_day" (
    "table_name" TEXT NOT NULL,
    "time_column" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "rows" BIGINT NOT NULL,
    "fingerprint" NUMERIC NOT NULL,
    "max_time" TEXT,

    CONSTRAINT "source_day_pkey" PRIMARY KEY ("table_name","time_column","day")
);

-- CreateTable
CREATE TABLE "metric_check_day" (
    "metric_key" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "spec" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "raw" NUMERIC,

    CONSTRAINT "metric_check_day_pkey" PRIMARY KEY ("metric_key","day")
);

-- CreateTable
CREATE TABLE "compute_lease" (
    "compute_id" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "heartbeat_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "compute_lease_pkey" PRIMARY KEY ("compute_id")
);

-- CreateIndex
CREATE INDEX "source_change_relid_idx" ON "source_change"("relid");
