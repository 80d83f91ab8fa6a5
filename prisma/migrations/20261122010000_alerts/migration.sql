-- Alert rules fired after each compute, their webhook deliveries, and the
-- evaluations themselves (timed, with any error).

-- CreateTable
CREATE TABLE "alert" (
    "id" TEXT NOT NULL,
    "metric_key" TEXT NOT NULL,
    "rule_id" TEXT NOT NULL,
    "rule_kind" TEXT NOT NULL,
    "grain" TEXT NOT NULL,
    "period" DATE NOT NULL,
    "dimension" TEXT NOT NULL DEFAULT '',
    "dimension_value" TEXT NOT NULL DEFAULT '',
    "severity" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "expected" DOUBLE PRECISION,
    "detail" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "fired_at" TIMESTAMPTZ(3) NOT NULL,
    "acknowledged_at" TIMESTAMPTZ(3),
    "resolved_at" TIMESTAMPTZ(3),
    "compute_id" TEXT,
    "run_id" TEXT,

    CONSTRAINT "alert_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_delivery" (
    "id" TEXT NOT NULL,
    "alert_id" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "http_status" INTEGER,
    "error" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "alert_delivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_evaluation" (
    "id" TEXT NOT NULL,
    "compute_id" TEXT,
    "status" TEXT NOT NULL,
    "metrics" INTEGER NOT NULL,
    "fired" INTEGER NOT NULL,
    "delivered" INTEGER NOT NULL,
    "undelivered" INTEGER NOT NULL,
    "evaluate_ms" INTEGER NOT NULL,
    "deliver_ms" INTEGER NOT NULL,
    "error" TEXT,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "finished_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "alert_evaluation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "alert_period_key" ON "alert"("metric_key", "rule_id", "grain", "period", "dimension", "dimension_value");

-- CreateIndex
CREATE INDEX "alert_fired_at_idx" ON "alert"("fired_at");

-- CreateIndex
CREATE UNIQUE INDEX "alert_delivery_alert_id_attempt_key" ON "alert_delivery"("alert_id", "attempt");

-- CreateIndex
CREATE INDEX "alert_evaluation_started_at_idx" ON "alert_evaluation"("started_at");

-- AddForeignKey
ALTER TABLE "alert_delivery" ADD CONSTRAINT "alert_delivery_alert_id_fkey" FOREIGN KEY ("alert_id") REFERENCES "alert"("id") ON DELETE CASCADE ON UPDATE CASCADE;
