-- A second counter for definitions alone: reads of metric definitions (every
-- page and API call starts with one) are kept while it is unchanged, across
-- computes, which move only "version".
ALTER TABLE "data_version" ADD COLUMN "definitions" BIGINT NOT NULL DEFAULT 0;

-- The same statement triggers (on metric_value, metric_definition and
-- metric_definition_version) now also move "definitions" for the definition tables.
CREATE OR REPLACE FUNCTION triad_bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "data_version"
     SET "version" = "version" + 1,
         "definitions" = "definitions" + CASE WHEN TG_TABLE_NAME = 'metric_value' THEN 0 ELSE 1 END
   WHERE "id" = 1;
  RETURN NULL;
END;
$$;
