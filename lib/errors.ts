// A small typed hierarchy, mapped to exit codes by the CLI and to HTTP statuses by route handlers.

/** Bad usage or invalid input: the message names the file, field or flag. CLI exit 2, HTTP 400. */
export class InputError extends Error {
  override name = 'InputError';
}

/** Something the user asked for does not exist. CLI exit 2, HTTP 404. */
export class NotFoundError extends Error {
  override name = 'NotFoundError';
}

/** Signed out (401) or signed in without the role the action needs (403). The message is safe to show. */
export class AuthorizationError extends Error {
  override name = 'AuthorizationError';
  constructor(
    readonly status: 401 | 403,
    message: string,
  ) {
    super(message);
  }
}

export function exitCodeFor(error: unknown): 1 | 2 {
  if (error instanceof InputError || error instanceof NotFoundError) return 2;
  if (error instanceof Error && (error.name === 'ImportFileError' || error.name === 'ConfigError')) return 2;
  return 1;
}
