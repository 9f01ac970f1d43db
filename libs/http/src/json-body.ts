import { HttpStatus } from '@nestjs/common';
import express, { NextFunction, Request, RequestHandler, Response } from 'express';
import { jsonDepthExceeds } from './json-depth';
import { ProblemException, problemType } from './problem';

interface BodyParserError {
  /** Body-parser's kind of failure; absent when a decompression stream failed (a truncated gzip body). */
  type?: string;
  status: number;
  limit?: number;
}

/**
 * Deeper than any Kubernetes object or request of this API nests; validating a deeper body recursively
 * would overflow the stack.
 */
export const MAX_BODY_DEPTH = 128;

/**
 * JSON bodies up to `limit` bytes and `MAX_BODY_DEPTH` levels. Body-parser's own errors are turned into
 * problems here, before Nest would flatten them into a bare 400 (or, for a decompression failure that
 * carries no type, a 500) that no longer says which kind of failure it was.
 */
export function jsonBody(
  limit: number,
): [
  RequestHandler,
  (error: unknown, request: Request, response: Response, next: NextFunction) => void,
  RequestHandler,
] {
  return [
    express.json({ limit }),
    (error, _request, _response, next) => next(isBodyParserError(error) ? toProblem(error) : error),
    (request, _response, next) => next(jsonDepthExceeds(request.body, MAX_BODY_DEPTH) ? tooDeep() : undefined),
  ];
}

function tooDeep(): ProblemException {
  return new ProblemException(
    HttpStatus.BAD_REQUEST,
    problemType('malformed-body'),
    'Malformed body',
    `The request body nests deeper than ${MAX_BODY_DEPTH} levels.`,
    { errors: [{ field: 'body', message: `must nest at most ${MAX_BODY_DEPTH} levels` }] },
  );
}

function toProblem(error: BodyParserError): ProblemException {
  if (error.type === 'entity.too.large') {
    return new ProblemException(
      HttpStatus.PAYLOAD_TOO_LARGE,
      problemType('payload-too-large'),
      'Payload too large',
      `The request body exceeds the limit of ${error.limit} bytes.`,
      {
        errors: [{ field: 'body', message: `must be at most ${error.limit} bytes` }],
      },
    );
  }
  if (error.type === 'entity.parse.failed') {
    return new ProblemException(
      HttpStatus.BAD_REQUEST,
      problemType('malformed-body'),
      'Malformed body',
      'The request body is not valid JSON.',
      {
        errors: [{ field: 'body', message: 'must be valid JSON' }],
      },
    );
  }
  return new ProblemException(
    error.status,
    problemType('unreadable-body'),
    'Unreadable body',
    `The request body could not be read (${error.type ?? 'its content encoding is corrupt or truncated'}).`,
    {
      errors: [{ field: 'body', message: 'could not be read' }],
    },
  );
}

function isBodyParserError(error: unknown): error is BodyParserError {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as BodyParserError).status === 'number' &&
    (error as BodyParserError).status >= 400 &&
    (error as BodyParserError).status < 500
  );
}
