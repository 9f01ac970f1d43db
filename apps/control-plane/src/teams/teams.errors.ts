import { domainErrors } from '@fleetplane/http';

/** The teams module's failures, and the one other modules raise when a request names a team that does not exist. */
export const teamErrors = {
  notFound: (name: string) => domainErrors.notFound('Team', name),
  nameTaken: (name: string) =>
    domainErrors.conflict(`Team ${name} already exists.`, [{ field: 'name', message: 'is taken' }]),
  unknown: (name: string) => domainErrors.unknownReference('team', `Team ${name} does not exist.`),
};
