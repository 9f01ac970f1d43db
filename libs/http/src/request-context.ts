import { AsyncLocalStorage } from 'node:async_hooks';

/** The person behind a single sign-on session, as their identity provider named them. */
export interface Person {
  sessionId: string;
  subject: string;
  name: string | null;
  email: string | null;
}

/** Who is calling, as the auth guard established it. */
export interface Principal {
  /** The API token's id, or the single sign-on session's id: the credential to revoke to stop this caller. */
  tokenId: string;
  /** The token's name, or the person's display name. */
  tokenName: string;
  team: string;
  role: 'viewer' | 'operator' | 'admin';
  /** How the audit log and `createdBy` fields name the caller: `token:<id>`, or `user:<email or subject>`. */
  actor: string;
  /** Present for a person signed in through single sign-on; absent for an API token. */
  person?: Person;
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
