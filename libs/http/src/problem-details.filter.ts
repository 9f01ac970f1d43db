import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { DomainError } from './domain-error';
import { domainProblem } from './domain-problem';
import { PROBLEM_CONTENT_TYPE, ProblemDetails, ProblemException, problemType } from './problem';
import { requestContext } from './request-context';

/** The one place errors become HTTP: problem+json with the request id, and nothing internal leaked. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const { problem, headers } = this.toProblem(exception);
    problem.instance = request.originalUrl?.split('?')[0];
    problem.requestId = requestContext.current()?.requestId ?? (request as Request & { id?: string }).id;
    if (problem.status >= 500) this.logger.error({ err: exception, requestId: problem.requestId }, 'request failed');
    if (response.headersSent) return;
    for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
    response.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }

  private toProblem(exception: unknown): { problem: ProblemDetails; headers: Record<string, string> } {
    if (exception instanceof DomainError) return domainProblem(exception);
    if (exception instanceof ProblemException) {
      const { errors, headers = {}, ...extensions } = exception.extensions;
      const problem: ProblemDetails = {
        type: exception.problemType,
        title: exception.title,
        status: exception.getStatus(),
        detail: exception.detail,
        ...extensions,
      };
      if (errors && errors.length > 0) problem.errors = errors;
      return { problem, headers };
    }
    if (exception instanceof ThrottlerException) {
      return plain(
        HttpStatus.TOO_MANY_REQUESTS,
        'rate-limited',
        'Too many requests',
        'The rate limit for this token was exceeded; retry after the time in Retry-After.',
      );
    }
    if (exception instanceof HttpException) return fromHttpException(exception);
    return plain(
      HttpStatus.INTERNAL_SERVER_ERROR,
      'internal',
      'Internal error',
      'The server failed to handle this request; the request id is in the logs.',
    );
  }
}

function fromHttpException(exception: HttpException) {
  const status = exception.getStatus();
  const body = exception.getResponse();
  const message =
    typeof body === 'object' && body !== null && 'message' in body ? (body as { message: unknown }).message : body;
  const detail = Array.isArray(message) ? message.join('; ') : String(message);
  return plain(status, slugFor(status), titleFor(status), detail);
}

function plain(status: number, slug: string, title: string, detail: string) {
  const problem: ProblemDetails = { type: problemType(slug), title, status, detail };
  return { problem, headers: {} as Record<string, string> };
}

const TITLES: Record<number, [string, string]> = {
  400: ['bad-request', 'Bad request'],
  401: ['unauthorized', 'Unauthorized'],
  403: ['forbidden', 'Forbidden'],
  404: ['not-found', 'Not found'],
  405: ['method-not-allowed', 'Method not allowed'],
  409: ['conflict', 'Conflict'],
  412: ['precondition-failed', 'Precondition failed'],
  413: ['payload-too-large', 'Payload too large'],
  415: ['unsupported-media-type', 'Unsupported media type'],
  422: ['unprocessable', 'Unprocessable content'],
  429: ['rate-limited', 'Too many requests'],
  503: ['unavailable', 'Service unavailable'],
};

function slugFor(status: number): string {
  return TITLES[status]?.[0] ?? (status >= 500 ? 'internal' : 'bad-request');
}

function titleFor(status: number): string {
  return TITLES[status]?.[1] ?? (status >= 500 ? 'Internal error' : 'Bad request');
}
