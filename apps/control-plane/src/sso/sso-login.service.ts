import { Injectable } from '@nestjs/common';
import { SsoGroupMappingEntity, SsoLoginEntity, SsoSessionEntity } from '@fleetplane/persistence';
import { AuditLog, generateOneTimeCode, generateSessionToken, hashToken } from '@fleetplane/security';
import { createHash } from 'node:crypto';
import { DataSource, LessThan } from 'typeorm';
import { GroupGrant, grantFor } from './group-grants';
import { OidcClient, SsoIdentity } from './oidc-client';
import { sessionRecord } from './session-record';
import { ssoErrors } from './sso.errors';

/** Long enough to type a password and answer a second factor at the provider. */
const LOGIN_TTL_MS = 10 * 60_000;
/** The handoff code only has to survive one redirect and one request. */
const HANDOFF_TTL_MS = 60_000;
/** `user:` and this fit the 100 characters of the `createdBy` columns. */
const ACTOR_NAME_MAX = 95;

/**
 * Who started a sign-in: the S256 challenge of a verifier it keeps, and for `fleetplane login --sso` the
 * loopback port the CLI listens on (without one, the console).
 */
export interface SignInClient {
  challenge: string;
  cliPort?: number;
}

/**
 * Sign-in through the identity provider, in three steps: `begin` keeps the PKCE verifier, state and nonce
 * server-side and answers the provider's URL; `complete` redeems the provider's code, maps the person's
 * groups to a team and role and creates a session that has only a single-use handoff code; `redeem`
 * trades that code (once, within a minute) for the session's token, so the token never travels in a URL.
 */
@Injectable()
export class SsoLoginService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly oidc: OidcClient,
  ) {}

  async begin(client: SignInClient): Promise<URL> {
    const request = await this.oidc.authorizationRequest();
    await this.dataSource.transaction(async (manager) => {
      // Sign-ins abandoned at the provider are swept here rather than by a loop: each is a small row.
      await manager.delete(SsoLoginEntity, { expiresAt: LessThan(new Date()) });
      await manager.insert(SsoLoginEntity, {
        stateHash: hashToken(request.state),
        nonce: request.nonce,
        codeVerifier: request.codeVerifier,
        cliPort: client.cliPort ?? null,
        handoffChallenge: client.challenge,
        expiresAt: new Date(Date.now() + LOGIN_TTL_MS),
      });
    });
    return request.url;
  }

  /** Returns where to send the browser: the console, or the CLI's loopback listener, with the handoff code. */
  async complete(callbackQuery: URLSearchParams): Promise<string> {
    const state = callbackQuery.get('state');
    const login = state ? await this.take(state) : undefined;
    if (!login || !state) throw ssoErrors.unknownLogin();
    const identity = await this.oidc.redeem(callbackQuery, {
      state,
      nonce: login.nonce,
      codeVerifier: login.codeVerifier,
    });
    const actor = actorOf(identity);
    const grant = grantFor(identity.groups, await this.dataSource.getRepository(SsoGroupMappingEntity).find());
    if (grant.kind !== 'granted') throw await this.refuse(identity, actor, grant);
    const handoff = await this.openSession(login, identity, actor, grant);
    if (login.cliPort !== null) return `http://127.0.0.1:${login.cliPort}/callback?code=${handoff}`;
    return `${this.oidc.config.redirectBaseUrl}/#sso=${handoff}`;
  }

  /**
   * The session's token, for its handoff code and the verifier of the sign-in's challenge.
   * A presented code is spent whether or not the rest checks out, so a stolen or guessed one gets one try.
   */
  async redeem(code: string, verifier: string): Promise<{ token: string; session: SsoSessionEntity }> {
    const token = generateSessionToken();
    const outcome = await this.dataSource.transaction(async (manager) => {
      const session = await manager.findOne(SsoSessionEntity, {
        where: { handoffHash: hashToken(code) },
        lock: { mode: 'pessimistic_write' },
      });
      if (!session) return undefined;
      const valid =
        session.handoffExpiresAt !== null &&
        session.handoffExpiresAt.getTime() > Date.now() &&
        session.revokedAt === null &&
        challengeOf(verifier) === session.handoffChallenge;
      session.handoffHash = null;
      session.handoffExpiresAt = null;
      if (valid) session.tokenHash = hashToken(token);
      return { valid, session: await manager.save(session) };
    });
    if (!outcome?.valid) throw ssoErrors.badHandoff();
    return { token, session: outcome.session };
  }

  /** Creates the session, audited, with a handoff code and no token yet; answers the code. */
  private async openSession(
    login: SsoLoginEntity,
    identity: SsoIdentity,
    actor: string,
    grant: Extract<GroupGrant, { kind: 'granted' }>,
  ): Promise<string> {
    const handoff = generateOneTimeCode();
    await this.dataSource.transaction(async (manager) => {
      const session = await manager.save(
        manager.create(SsoSessionEntity, {
          tokenHash: null,
          handoffHash: hashToken(handoff),
          handoffExpiresAt: new Date(Date.now() + HANDOFF_TTL_MS),
          handoffChallenge: login.handoffChallenge,
          subject: identity.subject,
          name: identity.name?.slice(0, 200) ?? null,
          email: identity.email && identity.email.length <= 254 ? identity.email : null,
          actor,
          teamName: grant.team,
          role: grant.role,
          groups: identity.groups,
          expiresAt: new Date(Date.now() + this.oidc.config.sessionTtlMinutes * 60_000),
          revokedAt: null,
          lastUsedAt: null,
        }),
      );
      await this.audit.record(manager, {
        action: 'session.create',
        resourceType: 'session',
        resourceId: session.id,
        team: session.teamName,
        after: { ...sessionRecord(session), grantedBy: grant.groups },
        actor,
      });
    });
    return handoff;
  }

  /** The pending sign-in of this state, removed so it completes once; undefined if unknown or expired. */
  private take(state: string): Promise<SsoLoginEntity | undefined> {
    return this.dataSource.transaction(async (manager) => {
      const login = await manager.findOne(SsoLoginEntity, {
        where: { stateHash: hashToken(state) },
        lock: { mode: 'pessimistic_write' },
      });
      if (!login) return undefined;
      await manager.delete(SsoLoginEntity, { id: login.id });
      return login.expiresAt.getTime() > Date.now() ? login : undefined;
    });
  }

  /** Records the refused sign-in (no session is created) and answers the refusal to throw. */
  private async refuse(identity: SsoIdentity, actor: string, grant: Exclude<GroupGrant, { kind: 'granted' }>) {
    const who = identity.email ?? identity.name ?? identity.subject;
    await this.dataSource.transaction((manager) =>
      this.audit.record(manager, {
        action: 'session.refuse',
        resourceType: 'session',
        resourceId: identity.subject.slice(0, 255),
        after: { subject: identity.subject, email: identity.email, groups: identity.groups, reason: grant },
        actor,
      }),
    );
    return grant.kind === 'none' ? ssoErrors.noGrant(who, identity.groups) : ssoErrors.ambiguousGrant(who, grant.teams);
  }
}

/** `user:<email>`, or `user:<subject>` when there is no email that fits: how the audit log names the person. */
function actorOf(identity: SsoIdentity): string {
  // OpenID Connect caps `sub` at 255 ASCII characters; a provider that sends more is refused, not stored cut.
  if (identity.subject.length > 255) throw ssoErrors.identityTooLong();
  const name = [identity.email, identity.subject].find((candidate) => candidate && candidate.length <= ACTOR_NAME_MAX);
  if (!name) throw ssoErrors.identityTooLong();
  return `user:${name}`;
}

/** RFC 7636's S256: the client sends this challenge first, and the verifier when it redeems the code. */
function challengeOf(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}
