import { HttpStatus } from '@nestjs/common';
import { assertUnreachable } from './assert-unreachable';
import { DomainError, DomainErrorCode } from './domain-error';
import { ProblemDetails, problemType } from './problem';

/** The one mapping from domain errors to problem+json, used by the global filter: status, type, title, errors. */
export function domainProblem(error: DomainError): { problem: ProblemDetails; headers: Record<string, string> } {
  const { status, slug } = httpOf(error.code);
  const { fields, context, retryAfterSeconds } = error.options;
  const problem: ProblemDetails = {
    type: problemType(error.options.slug ?? slug),
    title: error.title,
    status,
    detail: error.message,
    ...context,
  };
  if (fields && fields.length > 0) problem.errors = fields;
  const headers: Record<string, string> =
    retryAfterSeconds === undefined ? {} : { 'Retry-After': String(retryAfterSeconds) };
  return { problem, headers };
}

function httpOf(code: DomainErrorCode): { status: HttpStatus; slug: string } {
  switch (code) {
    case 'not-found':
      return { status: HttpStatus.NOT_FOUND, slug: 'not-found' };
    case 'unauthenticated':
      return { status: HttpStatus.UNAUTHORIZED, slug: 'unauthorized' };
    case 'forbidden':
      return { status: HttpStatus.FORBIDDEN, slug: 'forbidden' };
    case 'conflict':
      return { status: HttpStatus.CONFLICT, slug: 'conflict' };
    case 'precondition-failed':
      return { status: HttpStatus.PRECONDITION_FAILED, slug: 'precondition-failed' };
    case 'invalid-input':
      return { status: HttpStatus.BAD_REQUEST, slug: 'validation-failed' };
    case 'invalid-reference':
      return { status: HttpStatus.UNPROCESSABLE_ENTITY, slug: 'invalid-reference' };
    case 'unprocessable':
      return { status: HttpStatus.UNPROCESSABLE_ENTITY, slug: 'unprocessable' };
    case 'upstream-unavailable':
      return { status: HttpStatus.BAD_GATEWAY, slug: 'upstream-unavailable' };
    default:
      return assertUnreachable(code);
  }
}
