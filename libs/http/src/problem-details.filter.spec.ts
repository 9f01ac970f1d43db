import type { ArgumentsHost } from '@nestjs/common';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError, domainErrors } from './domain-error';
import { ProblemDetailsFilter } from './problem-details.filter';

interface Answer {
  status: number;
  contentType: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

function answerTo(error: unknown): Answer {
  const answer: Answer = { status: 0, contentType: '', headers: {}, body: {} };
  const response = {
    headersSent: false,
    setHeader: (name: string, value: string) => (answer.headers[name] = value),
    status(status: number) {
      answer.status = status;
      return this;
    },
    type(contentType: string) {
      answer.contentType = contentType;
      return this;
    },
    send: (text: string) => (answer.body = JSON.parse(text)),
  };
  const request = { originalUrl: '/v1/things/a?x=1', id: 'request-1' };
  const host = { switchToHttp: () => ({ getRequest: () => request, getResponse: () => response }) };
  new ProblemDetailsFilter().catch(error, host as unknown as ArgumentsHost);
  return answer;
}

describe('ProblemDetailsFilter', () => {
  describe('maps each domain error code to its status, type and title', () => {
    const cases: Array<[string, DomainError, number, string, string]> = [
      ['not-found', domainErrors.notFound('Team', 'ops'), 404, 'not-found', 'Not found'],
      ['forbidden', domainErrors.forbidden('no'), 403, 'forbidden', 'Forbidden'],
      ['conflict', domainErrors.conflict('taken'), 409, 'conflict', 'Conflict'],
      [
        'precondition-failed',
        domainErrors.preconditionFailed('stale'),
        412,
        'precondition-failed',
        'Precondition failed',
      ],
      [
        'invalid-input',
        domainErrors.validation([{ field: 'name', message: 'bad' }]),
        400,
        'validation-failed',
        'Validation failed',
      ],
      [
        'invalid-reference',
        new DomainError('invalid-reference', 'gone'),
        422,
        'invalid-reference',
        'Invalid reference',
      ],
      ['unprocessable', new DomainError('unprocessable', 'refused'), 422, 'unprocessable', 'Unprocessable content'],
      [
        'upstream-unavailable',
        new DomainError('upstream-unavailable', 'down'),
        502,
        'upstream-unavailable',
        'Upstream unavailable',
      ],
    ];
    for (const [code, error, status, slug, title] of cases) {
      it(code, () => {
        const answer = answerTo(error);
        assert.equal(answer.status, status);
        assert.equal(answer.contentType, 'application/problem+json');
        assert.equal(answer.body.type, `urn:fleetplane:problem:${slug}`);
        assert.equal(answer.body.title, title);
        assert.equal(answer.body.status, status);
        assert.equal(answer.body.detail, error.message);
      });
    }
  });

  it('answers the path without its query and the request id', () => {
    const { body } = answerTo(domainErrors.notFound('Team', 'ops'));
    assert.equal(body.instance, '/v1/things/a');
    assert.equal(body.requestId, 'request-1');
  });

  it('names the wrong fields in errors, and leaves errors out when there are none', () => {
    const fields = [{ field: 'name', message: 'is taken' }];
    assert.deepEqual(answerTo(domainErrors.conflict('Team ops already exists.', fields)).body.errors, fields);
    assert.equal('errors' in answerTo(domainErrors.conflict('No wave is waiting.')).body, false);
    assert.deepEqual(answerTo(domainErrors.preconditionFailed('stale')).body.errors, [
      { field: 'header.If-Match', message: 'stale' },
    ]);
  });

  it('prefers an error’s own slug and title to its code’s', () => {
    const { status, body } = answerTo(domainErrors.unknownReference('team', 'Team ops does not exist.'));
    assert.equal(status, 422);
    assert.equal(body.type, 'urn:fleetplane:problem:unknown-team');
    assert.equal(body.title, 'Unknown team');
    assert.deepEqual(body.errors, [{ field: 'team', message: 'does not exist' }]);
  });

  it('answers the context beside the detail, and a retry delay as Retry-After', () => {
    const error = new DomainError('upstream-unavailable', 'EKS did not answer', {
      context: { cloudCode: 'ThrottlingException', provider: 'eks' },
      retryAfterSeconds: 5,
    });
    const { headers, body } = answerTo(error);
    assert.equal(headers['Retry-After'], '5');
    assert.equal(body.cloudCode, 'ThrottlingException');
    assert.equal(body.provider, 'eks');
  });

  it('answers any other error as a 500 that leaks nothing', () => {
    const { status, body } = answerTo(new Error('password=hunter2'));
    assert.equal(status, 500);
    assert.equal(body.type, 'urn:fleetplane:problem:internal');
    assert.doesNotMatch(JSON.stringify(body), /hunter2/);
  });
});
