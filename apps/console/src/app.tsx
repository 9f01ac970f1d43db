import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiClient } from './api/client';
import type { WhoAmIView } from './api/types';
import { Link } from './components/link';
import { Loading, ProblemView, useLoad } from './components/states';
import { navigate, Route, useRoute } from './router';
import { session } from './session';
import { SignIn } from './views/sign-in';
import { Clusters } from './views/clusters';
import { Deployments } from './views/deployments';
import { Deployment } from './views/deployment';
import { Matrix } from './views/matrix';
import { Drift } from './views/drift';
import { Release } from './views/release';
import { Audit } from './views/audit';
import { Bindings } from './views/bindings';
import { BindingsIndex } from './views/bindings-index';
import { Promotions } from './views/promotions';

export function App() {
  const route = useRoute();
  // Taken before the first effect can navigate away from the address that carries it; used once.
  const [handoff, setHandoff] = useState(session.takeHandoff);
  const [token, setToken] = useState(session.token);
  useEffect(() => {
    if (!token && route.view !== 'sign-in') navigate('/sign-in');
  }, [token, route.view]);
  if (route.view === 'sign-in' || !token)
    return (
      <SignIn
        handoff={handoff}
        onSignedIn={(signedIn) => {
          setHandoff(null);
          session.signIn(signedIn);
          setToken(signedIn);
          navigate('/clusters');
        }}
      />
    );
  return (
    <SignedIn
      token={token}
      route={route}
      onSignOut={() => {
        session.signOut();
        setToken(null);
        navigate('/sign-in');
      }}
    />
  );
}

function SignedIn({ token, route, onSignOut }: { token: string; route: Route; onSignOut: () => void }) {
  const api = useMemo(() => new ApiClient(token), [token]);
  const [me] = useLoad(() => api.whoami(), [api]);
  /**
   * A single sign-on session is revoked on the server too (one already expired or revoked is signed out
   * here all the same); a pasted API token stays valid, for the automation it belongs to.
   */
  const signOut = async () => {
    if (me.state === 'ready' && me.value.person) await api.logout().catch(() => undefined);
    onSignOut();
  };
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <span class="brand">Fleetplane</span>
        <nav aria-label="Main">
          <Link href="/clusters" current={route.view === 'clusters'}>
            Clusters
          </Link>
          <Link href="/deployments" current={route.view === 'deployments' || route.view === 'deployment'}>
            Deployments
          </Link>
          <Link
            href="/applications"
            current={route.view === 'applications' || route.view === 'drift' || route.view === 'release'}
          >
            Applications
          </Link>
          <Link href="/bindings" current={route.view === 'bindings-index' || route.view === 'bindings'}>
            Bindings
          </Link>
          <Link href="/promotions" current={route.view === 'promotions'}>
            Promotions
          </Link>
          <Link href="/audit" current={route.view === 'audit'}>
            Audit log
          </Link>
        </nav>
        <div class="whoami" aria-label="Signed in as">
          {me.state === 'ready' && (
            <span>
              {me.value.tokenName}
              {me.value.person?.email && <span class="muted"> ({me.value.person.email})</span>} · team{' '}
              <strong>{me.value.team}</strong> · role <strong>{me.value.role}</strong>
            </span>
          )}
          <button type="button" onClick={signOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {me.state === 'loading' && <Loading what="who you are" />}
        {me.state === 'error' && <ProblemView error={me.error} />}
        {me.state === 'ready' && <View api={api} me={me.value} route={route} />}
      </main>
    </>
  );
}

function View({ api, me, route }: { api: ApiClient; me: WhoAmIView; route: Route }) {
  switch (route.view) {
    case 'clusters':
      return <Clusters api={api} />;
    case 'deployments':
      return <Deployments api={api} />;
    case 'deployment':
      return <Deployment api={api} me={me} id={route.id} />;
    case 'applications':
      return <Matrix api={api} />;
    case 'drift':
      return <Drift api={api} me={me} application={route.application} />;
    case 'release':
      return <Release api={api} application={route.application} version={route.version} />;
    case 'bindings-index':
      return <BindingsIndex api={api} />;
    case 'bindings':
      return <Bindings api={api} application={route.application} />;
    case 'promotions':
      return <Promotions api={api} me={me} />;
    case 'audit':
      return <Audit api={api} />;
    case 'sign-in':
    case 'not-found':
      return (
        <section>
          <h1>Not found</h1>
          <p>
            Nothing lives at this address. <Link href="/clusters">Go to the clusters</Link>.
          </p>
        </section>
      );
  }
}
