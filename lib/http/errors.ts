// Errors that carry their HTTP meaning. Pure: thrown by lib, turned into
// responses by lib/http/respond.ts.

/** An error whose message is safe to show to the caller as is. */
export class HttpError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 429,
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

/** No signed-in session: the caller has to sign in first. */
export class UnauthenticatedError extends HttpError {
  constructor(message = "Sign in to use this: no valid session came with the request (sign in at /sign-in).") {
    super(401, "unauthenticated", message);
  }
}

/** Signed in, but the role (or groups) do not allow this. */
export class ForbiddenError extends HttpError {
  constructor(message: string) {
    super(403, "forbidden", message);
  }
}

export const isHttpError = (error: unknown): error is HttpError => error instanceof HttpError;
