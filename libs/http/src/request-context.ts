import { AsyncLocalStorage } from 'node:async_hooks';

/** Who is calling, as the auth guard established it. */
export interface Principal {
  tokenId: string;
  tokenName: string;
  team: string;
  role: 'viewer' | 'operator' | 'admin';
}

/** What every piece of work done for one request may need to know, without threading it through calls. */
export interface RequestContext {
  requestId: string;
  principal?: Principal;
}

const storage = new AsyncLocalStorage<RequestContext>();

export const requestContext = {
  run<T>(context: RequestContext, work: () => T): T {
    return storage.run(context, work);
  },
  current(): RequestContext | undefined {
    return storage.getStore();
  },
};
