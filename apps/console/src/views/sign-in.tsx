import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiClient } from '../api/client';
import { Loading, ProblemView, useLoad } from '../components/states';
import { Handoff, session } from '../session';

/**
 * Signs in through the identity provider when the control plane offers single sign-on (a top-level
 * navigation to it, which sends the browser back with a handoff code this tab redeems with the verifier
 * it kept), or with an API token, checked with /v1/whoami before it is kept.
 */
export function SignIn({ handoff, onSignedIn }: { handoff: Handoff | null; onSignedIn: (token: string) => void }) {
  const anonymous = useMemo(() => ApiClient.anonymous(), []);
  const [sso] = useLoad(() => anonymous.ssoStatus(), [anonymous]);
  const [error, setError] = useState<unknown>(null);
  const [redeeming, setRedeeming] = useState(handoff !== null);
  useEffect(() => {
    if (handoff === null) return;
    if (handoff.verifier === null) {
      setError(new Error('This sign-in was started in another tab or window: sign in again from here.'));
      setRedeeming(false);
      return;
    }
    anonymous.redeemSsoHandoff(handoff.code, handoff.verifier).then(
      (redeemed) => onSignedIn(redeemed.token),
      (failure: unknown) => {
        setError(failure);
        setRedeeming(false);
      },
    );
  }, [anonymous, handoff]);
  return (
    <main id="main" class="sign-in">
      <h1>Sign in to Fleetplane</h1>
      {redeeming && <Loading what="your session" />}
      {!redeeming && sso.state === 'ready' && sso.value.enabled && (
        <section aria-labelledby="sso-heading">
          <h2 id="sso-heading">Single sign-on</h2>
          <button type="button" class="primary" onClick={() => void session.beginSingleSignOn()}>
            Sign in with SSO
          </button>
          <p class="muted">Through {sso.value.issuer}; your groups there decide your team and role.</p>
        </section>
      )}
      {!redeeming && <TokenForm onSignedIn={onSignedIn} onError={setError} />}
      {error !== null && <ProblemView error={error} />}
    </main>
  );
}

function TokenForm({ onSignedIn, onError }: { onSignedIn: (token: string) => void; onError: (e: unknown) => void }) {
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <form
      onSubmit={async (event) => {
        event.preventDefault();
        setBusy(true);
        onError(null);
        try {
          await new ApiClient(token.trim()).whoami();
          onSignedIn(token.trim());
        } catch (failure) {
          onError(failure);
        } finally {
          setBusy(false);
        }
      }}
    >
      <label for="token">API token</label>
      <input
        id="token"
        name="token"
        type="password"
        autoComplete="off"
        required
        value={token}
        onInput={(event) => setToken(event.currentTarget.value)}
      />
      <p class="muted">Kept in this tab only (session storage) and sent in the Authorization header.</p>
      <button type="submit" disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
