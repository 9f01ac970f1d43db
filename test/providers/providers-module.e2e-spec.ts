import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CLOUD_PROVIDER_ADAPTERS,
  CloudProvider,
  CloudProviders,
  CloudUnavailable,
  PROVIDER_KINDS,
  ProviderRetryPolicy,
  ProvidersModule,
  UnknownProviderKind,
} from '@fleetplane/providers';

const SETTINGS = Symbol('SETTINGS');

/** Runs each call once and counts them: shows which retry policy the adapters were given. */
class CountingPolicy implements ProviderRetryPolicy {
  executions = 0;
  execute<T>(fn: (context: { signal: AbortSignal }) => PromiseLike<T>, signal?: AbortSignal): Promise<T> {
    this.executions++;
    return Promise.resolve(fn({ signal: signal ?? new AbortController().signal }));
  }
}

@Module({
  providers: [{ provide: SETTINGS, useFactory: () => ({ policy: new CountingPolicy() }) }],
  exports: [SETTINGS],
})
class SettingsModule {}

describe('ProvidersModule', { timeout: 30_000 }, () => {
  it('registers one adapter per provider kind and exports the dispatcher', async () => {
    const app = await NestFactory.createApplicationContext(
      ProvidersModule.forRoot({ eks: { regions: ['us-east-1'] } }),
      { logger: false },
    );
    try {
      const providers = app.get(CloudProviders);
      assert.deepEqual(providers.kinds().sort(), [...PROVIDER_KINDS].sort());
      const adapters = app.get<CloudProvider[]>(CLOUD_PROVIDER_ADAPTERS);
      assert.equal(adapters.length, PROVIDER_KINDS.length);
      assert.equal(providers.get('eks').kind, 'eks');
      assert.throws(() => providers.get('digitalocean'), UnknownProviderKind);
    } finally {
      await app.close();
    }
  });

  it('builds options from injected configuration with forRootAsync and hands them to the adapters', async () => {
    let policy = new CountingPolicy();
    const app = await NestFactory.createApplicationContext(
      ProvidersModule.forRootAsync({
        imports: [SettingsModule],
        inject: [SETTINGS],
        useFactory: (settings: { policy: CountingPolicy }) => {
          policy = settings.policy;
          return { retryPolicy: policy };
        },
      }),
      { logger: false },
    );
    try {
      const unreachable = `apiVersion: v1
clusters: [{ name: c, cluster: { server: 'https://127.0.0.1:9' } }]
users: [{ name: u, user: { token: t } }]
contexts: [{ name: ctx, context: { cluster: c, user: u } }]
`;
      const error = await app
        .get(CloudProviders)
        .checkHealth({ provider: 'kubeconfig', context: 'ctx' }, { type: 'kubeconfig', kubeconfig: unreachable })
        .catch((e: unknown) => e);
      assert.ok(error instanceof CloudUnavailable, String(error));
      assert.equal(policy.executions, 1, 'the injected retry policy ran the call');
    } finally {
      await app.close();
    }
  });
});
