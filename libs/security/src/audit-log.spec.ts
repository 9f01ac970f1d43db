import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { redactSecrets } from './audit-log';

describe('redactSecrets', () => {
  it('hides every secret-looking field at any depth and keeps the rest', () => {
    const redacted = redactSecrets({
      name: 'prod-eks',
      credential: { type: 'aws-static', accessKeyId: 'AKIA', secretAccessKey: 'wJal' },
      nested: [{ password: 'hunter2', user: 'app' }],
      tokenHash: 'abc',
    });
    assert.deepEqual(redacted, {
      name: 'prod-eks',
      credential: '[redacted]',
      nested: [{ password: '[redacted]', user: 'app' }],
      tokenHash: '[redacted]',
    });
  });
});
