import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ClusterAddressPolicy, ownInterfaceAddresses } from './cluster-address-policy';

const OWN_ADDRESS = '10.1.2.3';
const policy = (allowed: ConstructorParameters<typeof ClusterAddressPolicy>[0] = []) =>
  new ClusterAddressPolicy(allowed, [OWN_ADDRESS, 'fe80::1']);

describe('ClusterAddressPolicy', () => {
  it('allows the addresses of ordinary networks, public or private', () => {
    for (const address of ['203.0.113.7', '10.9.9.9', '192.168.1.10', '2001:db8::1', 'fd12::1'])
      assert.equal(policy().refusalOf(address, 443), undefined, address);
  });

  it('refuses loopback, unspecified and link-local addresses of either family, metadata services included', () => {
    const cases: Array<[string, string]> = [
      ['127.0.0.1', 'loopback'],
      ['127.200.0.9', 'loopback'],
      ['::1', 'loopback'],
      ['0.0.0.0', 'unspecified'],
      ['::', 'unspecified'],
      ['169.254.169.254', 'link-local'],
      ['169.254.10.1', 'link-local'],
      ['fe80::abcd', 'link-local'],
      ['fd00:ec2::254', 'link-local'],
    ];
    for (const [address, refusal] of cases) assert.equal(policy().refusalOf(address, 443), refusal, address);
  });

  it('judges an IPv4-mapped IPv6 address as the IPv4 address it carries', () => {
    assert.equal(policy().refusalOf('::ffff:127.0.0.1', 443), 'loopback');
    assert.equal(policy().refusalOf('::ffff:7f00:1', 443), 'loopback');
    assert.equal(policy().refusalOf('::ffff:a9fe:a9fe', 443), 'link-local');
    assert.equal(policy().refusalOf('::ffff:203.0.113.7', 443), undefined);
  });

  it('refuses the control plane’s own interface addresses', () => {
    assert.equal(policy().refusalOf(OWN_ADDRESS, 6443), 'control-plane');
    assert.equal(policy().refusalOf('10.1.2.4', 6443), undefined);
  });

  it('allows any address in a network an admin allowed', () => {
    const allowing = policy([
      { address: '127.0.0.0', prefix: 8, family: 'ipv4' },
      { address: OWN_ADDRESS, prefix: 32, family: 'ipv4' },
    ]);
    assert.equal(allowing.refusalOf('127.0.0.1', 1), undefined);
    assert.equal(allowing.refusalOf('::ffff:127.0.0.1', 1), undefined);
    assert.equal(allowing.refusalOf(OWN_ADDRESS, 1), undefined);
    assert.equal(allowing.refusalOf('169.254.169.254', 80), 'link-local');
    assert.equal(allowing.refusalOf('::1', 1), 'loopback');
  });

  it('allows an endpoint the control plane runs itself at its port only', () => {
    const sandboxed = policy();
    sandboxed.allowEndpoint('127.0.0.1', 40123);
    assert.equal(sandboxed.refusalOf('127.0.0.1', 40123), undefined);
    assert.equal(sandboxed.refusalOf('127.0.0.1', 40124), 'loopback');
    assert.equal(sandboxed.refusalOf('127.0.0.2', 40123), 'loopback');
  });
});

describe('ownInterfaceAddresses', () => {
  it('lists the host’s interface addresses, loopback among them, without IPv6 zone ids', () => {
    const addresses = ownInterfaceAddresses();
    assert.ok(addresses.includes('127.0.0.1'));
    assert.ok(addresses.every((address) => !address.includes('%')));
  });
});
