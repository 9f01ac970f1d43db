import { HttpStatus } from '@nestjs/common';
import express, { NextFunction, Request, RequestHandler, Response } from 'express';
import { ProblemException, problemType } from './problem';

interface BodyParserError {
  type: string;
  status: number;
  limit?: number;
}

/**
 * JSON bodies up to `limit` bytes. Body-parser's own errors are turned into problems here, before Nest
 * would flatten them into a bare 400 that no longer says which kind of failure it was.
 */
export function jsonBody(
  limit: number,
): [RequestHandler, (error: unknown, request: Request, response: Response, next: NextFunction) => void] {
  return [
    express.json({ limit }),
    (error, _request, _response, next) => next(isBodyParserError(error) ? toProblem(error) : error),
  ];
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
    `The request body could not be read (${error.type}).`,
    {
      errors: [{ field: 'body', message: 'could not be read' }],
    },
  );
}

function isBodyParserError(error: unknown): error is BodyParserError {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as BodyParserError).type === 'string' &&
    typeof (error as BodyParserError).status === 'number'
  );
}
