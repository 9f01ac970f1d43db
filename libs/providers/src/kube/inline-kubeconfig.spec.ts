import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidRequest } from '../errors';
import { loadInlineKubeConfig, selectContext } from './inline-kubeconfig';

const kubeconfig = (user: string, cluster = '') => `apiVersion: v1
kind: Config
clusters:
- name: c
  cluster: { server: 'https://10.0.0.1:6443', certificate-authority-data: Zm9v${cluster} }
users:
- name: u
  user: ${user}
contexts:
- name: ctx
  context: { cluster: c, user: u }
current-context: ctx
`;

describe('loadInlineKubeConfig', () => {
  it('loads a kubeconfig whose credentials are inline', () => {
    const loaded = loadInlineKubeConfig(kubeconfig('{ token: abc }'), 'kubeconfig');
    assert.equal(loaded.getCurrentUser()?.token, 'abc');
    assert.equal(selectContext(loaded, 'ctx', 'kubeconfig').getCurrentCluster()?.server, 'https://10.0.0.1:6443');
  });

  for (const [what, user] of [
    ['an exec plugin', '{ exec: { command: /bin/sh } }'],
    ['an auth provider', '{ auth-provider: { name: gcp } }'],
    ['a token file', '{ token-file: /var/run/secrets/token }'],
    ['a client certificate file', '{ client-certificate: /etc/cert.pem, client-key: /etc/key.pem }'],
  ]) {
    it(`refuses ${what}`, () => {
      assert.throws(() => loadInlineKubeConfig(kubeconfig(user), 'kubeconfig'), InvalidRequest);
    });
  }

  it('loads a cluster reached through an HTTP or SOCKS proxy', () => {
    for (const proxy of ['http://bastion:3128', 'https://bastion:3129', 'socks5://bastion:1080']) {
      const loaded = loadInlineKubeConfig(kubeconfig('{ token: abc }', `, proxy-url: '${proxy}'`), 'kubeconfig');
      assert.equal(loaded.getCurrentCluster()?.proxyUrl, proxy);
    }
  });

  it('refuses a proxy-url that is no URL or names a scheme no proxy speaks, without quoting it', () => {
    for (const proxy of ['bastion:3128', 'ftp://bastion:21', 'not a url']) {
      assert.throws(
        () => loadInlineKubeConfig(kubeconfig('{ token: abc }', `, proxy-url: '${proxy}'`), 'kubeconfig'),
        (error: unknown) =>
          error instanceof InvalidRequest &&
          /cluster "c" has a proxy-url that is not a URL/.test(error.message) &&
          !error.message.includes(proxy),
      );
    }
  });

  it('refuses entries of the wrong shape, naming the entry', () => {
    for (const [text, named] of [
      [kubeconfig("'a token'"), /users\[0\] must be a mapping with a user mapping/],
      [kubeconfig('[exec]'), /users\[0\]/],
      [kubeconfig('{ token: abc }').replace('users:\n- name: u', 'users:\n- 7\n- name: u'), /users\[0\]/],
      ['clusters: []\nusers: 5\n', /users must be a list/],
      ['clusters: [null]\n', /clusters\[0\]/],
      ['clusters: []\ncontexts: [{ name: x, context: nope }]\n', /contexts\[0\]/],
    ] as const) {
      assert.throws(
        () => loadInlineKubeConfig(text, 'kubeconfig'),
        (error) => {
          assert.ok(error instanceof InvalidRequest);
          assert.match(error.message, named);
          return true;
        },
      );
    }
  });

  it('refuses text that is not a kubeconfig', () => {
    assert.throws(() => loadInlineKubeConfig('credentialValue1', 'aks'), InvalidRequest);
    assert.throws(() => loadInlineKubeConfig('{ unbalanced', 'aks'), InvalidRequest);
  });

  it('refuses a context that does not exist', () => {
    const loaded = loadInlineKubeConfig(kubeconfig('{ token: abc }'), 'kubeconfig');
    assert.throws(() => selectContext(loaded, 'other', 'kubeconfig'), /no complete context "other"/);
  });
});
