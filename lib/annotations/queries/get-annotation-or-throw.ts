import "server-only";
import type { SqlExecutor } from "@/lib/db";
import { NotFoundError } from "@/lib/http/errors";
import type { Annotation } from "../annotation-schema";
import { type AnnotationRow, EVENT_COLUMNS, toAnnotation } from "./annotation-records";

/** A stored event annotation; definition changes are derived, so an id of one is not found here. */
export async function getAnnotationOrThrow(
  sql: SqlExecutor,
  id: string,
  lock = false,
): Promise<Annotation> {
  const [row] = await sql.query<AnnotationRow>(
    `SELECT ${EVENT_COLUMNS} FROM annotation WHERE id = $1${lock ? " FOR UPDATE" : ""}`,
    [id],
  );
  if (!row) throw notFound(id);
  return toAnnotation(row);
}

export function notFound(id: string): NotFoundError {
  const derived = id.includes("@")
    ? ` Definition changes (ids like KEY@HASH) are derived from the metric's version history and cannot be changed here.`
    : "";
  return new NotFoundError(`There is no annotation with id "${id}".${derived}`, "id");
}
