// Errors that carry their HTTP meaning. Pure: thrown by lib, turned into
// responses by lib/http/respond.ts.

/** An error whose message is safe to show to the caller as is. */
export class HttpError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    readonly code: string,
    message: string,
    /** The request parameter at fault, as the caller wrote it (`grain`, `filter.country`). */
    readonly parameter?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends HttpError {
  constructor(message: string, parameter?: string) {
    super(404, "not_found", message, parameter);
  }
}

export class BadRequestError extends HttpError {
  constructor(parameter: string, message: string) {
    super(400, "bad_request", message, parameter);
  }
}

export const isHttpError = (error: unknown): error is HttpError => error instanceof HttpError;
