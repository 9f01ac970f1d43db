import { DomainError, domainErrors } from '@fleetplane/http';

/** The single sign-on module's failures. */
export const ssoErrors = {
  disabled: () =>
    domainErrors.unprocessable(
      'sso-disabled',
      'Single sign-on is off',
      'Single sign-on is not configured on this control plane (FLEETPLANE_SSO_ISSUER); sign in with an API token.',
    ),
  providerUnavailable: () =>
    new DomainError('upstream-unavailable', 'The identity provider did not answer; try signing in again later.', {
      retryAfterSeconds: 30,
    }),
  /** The provider's answer could not be accepted; `why` is the client library's reason, which names no secret. */
  signInFailed: (why: string) =>
    new DomainError('unauthenticated', `The sign-in could not be completed: ${why} Start it again.`, {
      slug: 'sso-sign-in-failed',
      title: 'Sign-in failed',
    }),
  unknownLogin: () =>
    new DomainError('unauthenticated', 'This sign-in is unknown, was already completed or expired. Start it again.', {
      slug: 'sso-sign-in-failed',
      title: 'Sign-in failed',
      fields: [{ field: 'query.state', message: 'is unknown, used or expired' }],
    }),
  /** The person proved who they are, but no mapping grants their groups anything. */
  noGrant: (who: string, groups: string[]) =>
    new DomainError(
      'forbidden',
      `${who} signed in, but none of their groups (${groups.join(', ') || 'none'}) is mapped to a team: ask a platform admin to map one.`,
      { slug: 'sso-no-grant', title: 'No team for these groups', context: { groups } },
    ),
  ambiguousGrant: (who: string, teams: string[]) =>
    new DomainError(
      'forbidden',
      `${who}'s groups map to several teams (${teams.join(', ')}); a session acts for one team, so the sign-in is refused. Ask a platform admin to map the groups to one team.`,
      { slug: 'sso-ambiguous-grant', title: 'Groups map to several teams', context: { teams } },
    ),
  identityTooLong: () =>
    domainErrors.unprocessable(
      'sso-identity-too-long',
      'Identity too long',
      'The provider named the person with a subject longer than 255 characters, or with an email and a subject both longer than 95.',
    ),
  badHandoff: () =>
    new DomainError(
      'unauthenticated',
      "The handoff code is unknown, was already used or expired, or the verifier is not its sign-in's. Sign in again.",
      {
        slug: 'sso-bad-handoff',
        title: 'Handoff code refused',
        fields: [{ field: 'code', message: 'is unknown, used or expired' }],
      },
    ),
  sessionNotFound: (id: string) => domainErrors.notFound('Session', id),
  notASession: () =>
    domainErrors.unprocessable(
      'not-a-session',
      'Not a session',
      'Logout ends single sign-on sessions; this request carries an API token (revoke it with DELETE /v1/tokens/{id}).',
    ),
  mappingNotFound: (id: string) => domainErrors.notFound('Group mapping', id),
  groupTaken: (group: string) =>
    domainErrors.conflict(`Group ${group} is already mapped; update that mapping instead.`, [
      { field: 'group', message: 'is already mapped' },
    ]),
};
