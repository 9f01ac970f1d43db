import { HttpException, HttpStatus } from '@nestjs/common';

/** One wrong input: a path into the request (`labels.env`, `items[2].name`, `query.limit`) and why. */
export interface FieldError {
  field: string;
  message: string;
}

/** RFC 9457 problem details, as every error of the API is answered. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  requestId?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** A failure the HTTP layer answers as is; its `problemType` is a stable, documented identifier. Services throw `DomainError`s. */
export class ProblemException extends HttpException {
  constructor(
    status: HttpStatus,
    readonly problemType: string,
    readonly title: string,
    readonly detail?: string,
    readonly extensions: { errors?: FieldError[]; headers?: Record<string, string>; [key: string]: unknown } = {},
  ) {
    super(detail ?? title, status);
  }
}

export function problemType(slug: string): string {
  return `urn:fleetplane:problem:${slug}`;
}

/**
 * Problems for the HTTP layer only: guards, pipes, interceptors and body parsing, which speak HTTP already.
 * Services throw `DomainError`s (`domainErrors`), which the global filter maps.
 */
export const problems = {
  validation: (errors: FieldError[], detail = 'The request has invalid fields.') =>
    new ProblemException(HttpStatus.BAD_REQUEST, problemType('validation-failed'), 'Validation failed', detail, {
      errors,
    }),
  notFound: (what: string, id: string) =>
    new ProblemException(HttpStatus.NOT_FOUND, problemType('not-found'), 'Not found', `${what} ${id} does not exist.`),
  conflict: (detail: string, errors?: FieldError[]) =>
    new ProblemException(HttpStatus.CONFLICT, problemType('conflict'), 'Conflict', detail, { errors }),
  forbidden: (detail: string) =>
    new ProblemException(HttpStatus.FORBIDDEN, problemType('forbidden'), 'Forbidden', detail),
  unauthorized: (detail: string) =>
    new ProblemException(HttpStatus.UNAUTHORIZED, problemType('unauthorized'), 'Unauthorized', detail, {
      headers: { 'WWW-Authenticate': 'Bearer realm="fleetplane"' },
    }),
  preconditionFailed: (detail: string) =>
    new ProblemException(
      HttpStatus.PRECONDITION_FAILED,
      problemType('precondition-failed'),
      'Precondition failed',
      detail,
      {
        errors: [{ field: 'header.If-Match', message: detail }],
      },
    ),
  unprocessable: (slug: string, title: string, detail: string, errors?: FieldError[]) =>
    new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, problemType(slug), title, detail, { errors }),
};
