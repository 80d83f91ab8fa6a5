// A 409: the request is valid but the resource's state forbids it. Pure.
import { HttpError } from "./errors";

/** E.g. resolving an alert that is already resolved. */
export class ConflictError extends HttpError {
  constructor(message: string) {
    super(409, "conflict", message);
  }
}
