-- CreateTable
CREATE TABLE "dashboard" (
    "id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "dashboard_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dashboard_tile" (
    "id" TEXT NOT NULL,
    "dashboard_id" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "metric_key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT,
    "width" INTEGER NOT NULL,
    "view" JSONB NOT NULL,

    CONSTRAINT "dashboard_tile_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "dashboard_slug_key" ON "dashboard"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "dashboard_tile_dashboard_id_position_key" ON "dashboard_tile"("dashboard_id", "position");

-- AddForeignKey
ALTER TABLE "dashboard_tile" ADD CONSTRAINT "dashboard_tile_dashboard_id_fkey" FOREIGN KEY ("dashboard_id") REFERENCES "dashboard"("id") ON DELETE CASCADE ON UPDATE CASCADE;
