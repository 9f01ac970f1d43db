import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { CloudUnavailable, Throttled } from '@fleetplane/providers';
import { describeApiFailure } from './probe-cluster';

describe('describing a failed Kubernetes API check', () => {
  it('reads a refused connection and a probe deadline alike, so the reason does not depend on which came first', () => {
    const refused = describeApiFailure(new CloudUnavailable('API server unreachable', { provider: 'sandbox' }));
    const deadline = describeApiFailure(new DOMException('The operation timed out.', 'TimeoutError'));
    assert.equal(refused, 'API server unreachable');
    assert.equal(deadline, refused);
  });

  it('keeps the code of any other provider failure', () => {
    assert.equal(
      describeApiFailure(new Throttled('the API server is rate limiting', { provider: 'sandbox', cloudCode: '429' })),
      'Throttled: the API server is rate limiting (429)',
    );
  });
});
