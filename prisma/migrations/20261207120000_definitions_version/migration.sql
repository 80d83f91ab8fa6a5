-- A second counter for definitions alone: reads of metric definitions (every
-- page and API call starts with one) are kept while it is unchanged, across
-- computes, which move only "version".
ALTER TABLE "data_version" ADD COLUMN "definitions" BIGINT NOT NULL DEFAULT 0;

CREATE FUNCTION triad_bump_definitions_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "data_version" SET "version" = "version" + 1, "definitions" = "definitions" + 1 WHERE "id" = 1;
  RETURN NULL;
END;
$$;

DROP TRIGGER triad_data_version ON "metric_definition";
DROP TRIGGER triad_data_version ON "metric_definition_version";
CREATE TRIGGER triad_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "metric_definition"
  FOR EACH STATEMENT EXECUTE FUNCTION triad_bump_definitions_version();
CREATE TRIGGER triad_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "metric_definition_version"
  FOR EACH STATEMENT EXECUTE FUNCTION triad_bump_definitions_version();
ALTER TABLE "metric_definition" ENABLE ALWAYS TRIGGER triad_data_version;
ALTER TABLE "metric_definition_version" ENABLE ALWAYS TRIGGER triad_data_version;
