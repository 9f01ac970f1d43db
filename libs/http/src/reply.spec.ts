import type { CallHandler, ExecutionContext } from '@nestjs/common';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lastValueFrom, of } from 'rxjs';
import { ReplyInterceptor, reply } from './reply';

async function intercept(result: unknown) {
  const response = { statusCode: 201, headers: {} as Record<string, string> };
  const fakeResponse = {
    status: (status: number) => (response.statusCode = status),
    setHeader: (name: string, value: string) => (response.headers[name] = value),
  };
  const context = { switchToHttp: () => ({ getResponse: () => fakeResponse }) } as unknown as ExecutionContext;
  const next: CallHandler = { handle: () => of(result) };
  const body = await lastValueFrom(new ReplyInterceptor().intercept(context, next));
  return { body, ...response };
}

describe('ReplyInterceptor', () => {
  it('sends a reply’s body, its version as a strong ETag and its location', async () => {
    const answer = await intercept(reply({ name: 'ops' }, { version: 3, location: '/v1/teams/ops' }));
    assert.deepEqual(answer.body, { name: 'ops' });
    assert.deepEqual(answer.headers, { ETag: '"3"', Location: '/v1/teams/ops' });
    assert.equal(answer.statusCode, 201);
  });

  it('answers with a reply’s own status', async () => {
    const answer = await intercept(reply({ version: '1.0.0' }, { status: 200 }));
    assert.equal(answer.statusCode, 200);
    assert.deepEqual(answer.headers, {});
  });

  it('leaves any other result as it is', async () => {
    const answer = await intercept({ items: [], nextCursor: null });
    assert.deepEqual(answer.body, { items: [], nextCursor: null });
    assert.deepEqual(answer.headers, {});
  });
});
