-- CreateTable
CREATE TABLE "users" (
    "id" INTEGER NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL,
    "email" TEXT NOT NULL,
    "country" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "acquisition_channel" TEXT NOT NULL,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sessions" (
    "id" BIGINT NOT NULL,
    "user_id" INTEGER NOT NULL,
    "started_at" TIMESTAMP(3) NOT NULL,
    "country" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "duration_s" INTEGER NOT NULL,

    CONSTRAINT "sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "orders" (
    "row_id" BIGSERIAL NOT NULL,
    "order_id" BIGINT NOT NULL,
    "user_id" INTEGER NOT NULL,
    "ordered_at" TIMESTAMP(3) NOT NULL,
    "amount" DECIMAL(12,2) NOT NULL,
    "status" TEXT NOT NULL,
    "country" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "load_batch" TEXT NOT NULL,

    CONSTRAINT "orders_pkey" PRIMARY KEY ("row_id")
);

-- CreateTable
CREATE TABLE "refunds" (
    "row_id" BIGSERIAL NOT NULL,
    "refund_id" BIGINT NOT NULL,
    "order_id" BIGINT NOT NULL,
    "refunded_at" TIMESTAMP(3) NOT NULL,
    "amount" DECIMAL(12,2) NOT NULL,
    "country" TEXT NOT NULL,
    "platform" TEXT NOT NULL,

    CONSTRAINT "refunds_pkey" PRIMARY KEY ("row_id")
);

-- CreateTable
CREATE TABLE "metric_definition" (
    "key" TEXT NOT NULL,
    "current_version_id" TEXT NOT NULL,
    "file_path" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "metric_definition_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "metric_definition_version" (
    "id" TEXT NOT NULL,
    "metric_key" TEXT NOT NULL,
    "content_hash" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "definition" JSONB NOT NULL,
    "file_path" TEXT NOT NULL,
    "loaded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "metric_definition_version_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "metric_run" (
    "id" TEXT NOT NULL,
    "metric_key" TEXT NOT NULL,
    "definition_version_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "finished_at" TIMESTAMPTZ(3),
    "code_version" TEXT,
    "sql" TEXT NOT NULL,
    "input_row_counts" JSONB NOT NULL,
    "output_rows" INTEGER,
    "error" TEXT,

    CONSTRAINT "metric_run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "metric_value" (
    "metric_key" TEXT NOT NULL,
    "grain" TEXT NOT NULL,
    "period" DATE NOT NULL,
    "dimension" TEXT NOT NULL DEFAULT '',
    "dimension_value" TEXT NOT NULL DEFAULT '',
    "value" DOUBLE PRECISION,
    "run_id" TEXT NOT NULL,

    CONSTRAINT "metric_value_pkey" PRIMARY KEY ("metric_key","grain","dimension","dimension_value","period")
);

-- CreateIndex
CREATE INDEX "users_created_at_idx" ON "users"("created_at");

-- CreateIndex
CREATE INDEX "sessions_started_at_idx" ON "sessions"("started_at");

-- CreateIndex
CREATE INDEX "orders_ordered_at_idx" ON "orders"("ordered_at");

-- CreateIndex
CREATE INDEX "orders_order_id_idx" ON "orders"("order_id");

-- CreateIndex
CREATE INDEX "refunds_refunded_at_idx" ON "refunds"("refunded_at");

-- CreateIndex
CREATE UNIQUE INDEX "metric_definition_version_metric_key_content_hash_key" ON "metric_definition_version"("metric_key", "content_hash");

-- CreateIndex
CREATE INDEX "metric_run_metric_key_started_at_idx" ON "metric_run"("metric_key", "started_at");

-- CreateIndex
CREATE INDEX "metric_value_run_id_idx" ON "metric_value"("run_id");

-- AddForeignKey
ALTER TABLE "metric_definition_version" ADD CONSTRAINT "metric_definition_version_metric_key_fkey" FOREIGN KEY ("metric_key") REFERENCES "metric_definition"("key") ON DELETE CASCADE ON UPDATE CASCADE;
