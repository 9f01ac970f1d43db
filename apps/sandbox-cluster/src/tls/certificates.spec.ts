import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { describe, it } from 'node:test';
import { createSecureContext as tlsContext } from 'node:tls';
import { createClusterCertificates } from './certificates';

describe('cluster certificates', () => {
  it('issues a serving certificate for 127.0.0.1 signed by the cluster CA, loadable by OpenSSL every time', () => {
    // Serial numbers are random; enough rounds hit leading zero and high-bit bytes in DER integers.
    for (let round = 0; round < 300; round++) {
      const certificates = createClusterCertificates(`cluster-${round}`);
      const ca = new X509Certificate(certificates.caPem);
      const server = new X509Certificate(certificates.serverCertPem);
      assert.ok(ca.ca);
      assert.ok(server.verify(ca.publicKey));
      assert.equal(server.checkIP('127.0.0.1'), '127.0.0.1');
      assert.doesNotThrow(() => tlsContext({ key: certificates.serverKeyPem, cert: certificates.serverCertPem }));
    }
  });

  it('gives every cluster its own CA', () => {
    const first = new X509Certificate(createClusterCertificates('a').caPem);
    const second = new X509Certificate(createClusterCertificates('b').caPem);
    assert.notEqual(first.fingerprint256, second.fingerprint256);
  });
});
