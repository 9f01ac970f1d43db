import type { KubeConfig } from '@kubernetes/client-node';
import type { OutgoingHttpHeaders } from 'node:http';
import type { RequestOptions } from 'node:https';
import { requestHeadersOf } from './request-headers';

export interface Credentials {
  /** The TLS material, as client-node's `applyToHTTPSOptions` reads it. */
  tls: RequestOptions;
  /** The headers every request carries: the user's, then the caller's own; one object until read again. */
  headers: OutgoingHttpHeaders;
}

/**
 * What a kubeconfig's user puts on every request. Static material (a token, a client certificate) is
 * read once; an exec or auth-provider plugin is asked at every request, because it refreshes short-lived
 * tokens behind it. A failed read is not kept.
 */
export class KubeConfigCredentials {
  private static?: Promise<Credentials>;

  constructor(
    private readonly kubeConfig: KubeConfig,
    private readonly ownHeaders: OutgoingHttpHeaders,
  ) {}

  /** Rejects as `applyToHTTPSOptions` does (a plugin that fails, a file that cannot be read). */
  read(): Promise<Credentials> {
    if (this.static) return this.static;
    const pending = this.readNow();
    const user = this.kubeConfig.getCurrentUser();
    if (user && !user.exec && !user.authProvider) {
      this.static = pending;
      pending.catch(() => (this.static = undefined));
    }
    return pending;
  }

  private async readNow(): Promise<Credentials> {
    const tls: RequestOptions = {};
    await this.kubeConfig.applyToHTTPSOptions(tls);
    return { tls, headers: { ...requestHeadersOf(tls), ...this.ownHeaders } };
  }
}
