-- CreateTable
CREATE TABLE "data_version" (
    "id" SMALLINT NOT NULL,
    "version" BIGINT NOT NULL,

    CONSTRAINT "data_version_pkey" PRIMARY KEY ("id")
);

-- The one row cached reads compare against.
INSERT INTO "data_version" ("id", "version") VALUES (1, 0);

-- Bumped in the same transaction as every change to what metric reads return
-- (values and definitions), so a reader that sees the new version sees the new data.
CREATE FUNCTION triad_bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "data_version" SET "version" = "version" + 1 WHERE "id" = 1;
  RETURN NULL;
END;
$$;

CREATE TRIGGER triad_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "metric_value"
  FOR EACH STATEMENT EXECUTE FUNCTION triad_bump_data_version();
CREATE TRIGGER triad_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "metric_definition"
  FOR EACH STATEMENT EXECUTE FUNCTION triad_bump_data_version();
CREATE TRIGGER triad_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "metric_definition_version"
  FOR EACH STATEMENT EXECUTE FUNCTION triad_bump_data_version();

-- Also when a restore or logical replication writes with session_replication_role = replica.
ALTER TABLE "metric_value" ENABLE ALWAYS TRIGGER triad_data_version;
ALTER TABLE "metric_definition" ENABLE ALWAYS TRIGGER triad_data_version;
ALTER TABLE "metric_definition_version" ENABLE ALWAYS TRIGGER triad_data_version;
