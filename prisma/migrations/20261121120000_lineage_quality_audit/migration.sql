-- CreateTable
CREATE TABLE "lineage_edge" (
    "run_id" TEXT NOT NULL,
    "from_kind" TEXT NOT NULL,
    "from_name" TEXT NOT NULL,
    "to_kind" TEXT NOT NULL,
    "to_name" TEXT NOT NULL,
    "columns" JSONB NOT NULL,

    CONSTRAINT "lineage_edge_pkey" PRIMARY KEY ("run_id","from_kind","from_name","to_kind","to_name")
);

-- CreateTable
CREATE TABLE "quality_check" (
    "id" TEXT NOT NULL,
    "compute_id" TEXT NOT NULL,
    "node_kind" TEXT NOT NULL,
    "node_name" TEXT NOT NULL,
    "check_name" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "column_name" TEXT,
    "expected" TEXT,
    "actual" TEXT,
    "message" TEXT NOT NULL,
    "detail" JSONB NOT NULL,
    "checked_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "quality_check_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "run_quality_check" (
    "run_id" TEXT NOT NULL,
    "check_id" TEXT NOT NULL,

    CONSTRAINT "run_quality_check_pkey" PRIMARY KEY ("run_id","check_id")
);

-- CreateTable
CREATE TABLE "audit_log" (
    "seq" BIGINT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "entity_type" TEXT NOT NULL,
    "entity_id" TEXT NOT NULL,
    "detail" JSONB NOT NULL,
    "prev_hash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("seq")
);

-- CreateIndex
CREATE INDEX "lineage_edge_from_kind_from_name_idx" ON "lineage_edge"("from_kind", "from_name");

-- CreateIndex
CREATE INDEX "quality_check_node_kind_node_name_checked_at_idx" ON "quality_check"("node_kind", "node_name", "checked_at");

-- CreateIndex
CREATE INDEX "run_quality_check_check_id_idx" ON "run_quality_check"("check_id");

-- CreateIndex
CREATE INDEX "audit_log_entity_type_entity_id_idx" ON "audit_log"("entity_type", "entity_id");
