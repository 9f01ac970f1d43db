import { domainErrors } from '@fleetplane/http';

/** The tokens module's failures. */
export const tokenErrors = {
  notFound: (id: string) => domainErrors.notFound('Token', id),
};
