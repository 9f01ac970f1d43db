import { domainErrors } from '@fleetplane/http';

/**
 * The applications module's failures. A missing application or release at a request's path is not found;
 * one named in a request's body is a wrong field of that request (`unknown-application`, `unknown-release`).
 */
export const applicationErrors = {
  notFound: (name: string) => domainErrors.notFound('Application', name),
  releaseNotFound: (application: string, version: string) =>
    domainErrors.notFound('Release', `${application}@${version}`),
  nameTaken: (name: string) =>
    domainErrors.conflict(`Application ${name} already exists.`, [{ field: 'name', message: 'is taken' }]),
  unknownApplication: (name: string) =>
    domainErrors.unknownReference('application', `Application ${name} does not exist.`),
  unknownRelease: (application: string, version: string) =>
    domainErrors.unknownReference('release', `Release ${application}@${version} does not exist.`),
};
