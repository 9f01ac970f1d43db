import { Inject, Injectable } from '@nestjs/common';
import { FLEETPLANE_CONFIG } from '@fleetplane/config';
import type { FleetplaneConfig, SsoConfig } from '@fleetplane/config';
import { DomainError } from '@fleetplane/http';
import * as oidc from 'openid-client';
import { ssoErrors } from './sso.errors';

/** The person as the provider vouched for them. */
export interface SsoIdentity {
  subject: string;
  name: string | null;
  email: string | null;
  /** The groups claim's strings; empty when the claim is absent. */
  groups: string[];
}

/** What a sign-in keeps server-side between the redirect to the provider and the callback. */
export interface AuthorizationRequest {
  url: URL;
  state: string;
  nonce: string;
  codeVerifier: string;
}

const PROVIDER_TIMEOUT_SECONDS = 10;

/** Client-library codes that mean the provider was not reached or not itself (a network failure has no code). */
const UNREACHABLE = new Set(['OAUTH_TIMEOUT', 'OAUTH_ABORT', 'OAUTH_RESPONSE_IS_NOT_CONFORM']);

/**
 * The control plane as an OpenID Connect client (`openid-client`): authorization code with PKCE (S256),
 * state and nonce, the ID token validated by the library. The provider's metadata is discovered on first
 * use and kept; a failed discovery is retried on the next sign-in. Every method rejects with a
 * `DomainError` only: `sso-disabled` when no issuer is configured, `upstream-unavailable` when the provider
 * cannot be reached, `unauthenticated` when its answer cannot be accepted.
 */
@Injectable()
export class OidcClient {
  private readonly settings: SsoConfig | undefined;
  private discovered?: Promise<oidc.Configuration>;

  constructor(@Inject(FLEETPLANE_CONFIG) config: FleetplaneConfig) {
    this.settings = config.sso;
  }

  get issuer(): string | undefined {
    return this.settings?.issuer;
  }

  /** The configuration, or the `sso-disabled` refusal. */
  get config(): SsoConfig {
    if (!this.settings) throw ssoErrors.disabled();
    return this.settings;
  }

  get callbackUrl(): string {
    return `${this.config.redirectBaseUrl}/v1/auth/sso/callback`;
  }

  async authorizationRequest(): Promise<AuthorizationRequest> {
    const configuration = await this.configuration();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: this.callbackUrl,
      scope: this.config.scopes.join(' '),
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url, state, nonce, codeVerifier };
  }

  /** Redeems the callback's code and reads who signed in (the groups from the ID token, else from userinfo). */
  async redeem(callbackQuery: URLSearchParams, expected: Omit<AuthorizationRequest, 'url'>): Promise<SsoIdentity> {
    const configuration = await this.configuration();
    const current = new URL(this.callbackUrl);
    current.search = callbackQuery.toString();
    try {
      const tokens = await oidc.authorizationCodeGrant(configuration, current, {
        pkceCodeVerifier: expected.codeVerifier,
        expectedState: expected.state,
        expectedNonce: expected.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (!claims) throw ssoErrors.signInFailed('the provider sent no ID token.');
      // Providers that keep the ID token to its standard claims serve the rest (groups, often name and
      // email) from userinfo, for the same subject (the library checks it).
      const profile =
        this.config.groupsClaim in claims
          ? claims
          : { ...claims, ...(await oidc.fetchUserInfo(configuration, tokens.access_token, claims.sub)) };
      return identityOf(profile, profile[this.config.groupsClaim]);
    } catch (error) {
      throw translate(error);
    }
  }

  private configuration(): Promise<oidc.Configuration> {
    const settings = this.config;
    this.discovered ??= oidc
      .discovery(new URL(settings.issuer), settings.clientId, undefined, oidc.ClientSecretPost(settings.clientSecret), {
        timeout: PROVIDER_TIMEOUT_SECONDS,
        // load-config accepts http for a loopback issuer only (a provider on this machine).
        execute: settings.issuer.startsWith('http:') ? [oidc.allowInsecureRequests] : [],
      })
      .catch((error: unknown) => {
        this.discovered = undefined;
        throw translate(error);
      });
    return this.discovered;
  }
}

function identityOf(claims: oidc.IDToken | oidc.UserInfoResponse, groups: unknown): SsoIdentity {
  return {
    subject: claims.sub,
    name: typeof claims['name'] === 'string' ? claims['name'] : null,
    email: typeof claims['email'] === 'string' ? claims['email'] : null,
    groups: stringsOf(groups),
  };
}

/** A groups claim is a list of strings by convention; some providers send one string for one group. */
function stringsOf(claim: unknown): string[] {
  if (typeof claim === 'string') return [claim];
  if (!Array.isArray(claim)) return [];
  return claim.filter((group): group is string => typeof group === 'string');
}

/** The library's failures in the domain's words; its messages name no secret (codes, tokens, verifiers). */
function translate(error: unknown): DomainError {
  if (error instanceof DomainError) return error;
  if (error instanceof oidc.AuthorizationResponseError)
    return ssoErrors.signInFailed(`the provider answered ${error.error}.`);
  if (error instanceof oidc.ResponseBodyError)
    return ssoErrors.signInFailed(`the provider refused it (${error.error}).`);
  if (error instanceof oidc.ClientError && error.code && !UNREACHABLE.has(error.code))
    return ssoErrors.signInFailed(`${error.message}.`);
  return ssoErrors.providerUnavailable();
}
