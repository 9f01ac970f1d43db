import { useEffect, useState } from 'preact/hooks';

/** The console's own routes; the control plane answers each of these paths with index.html. */
export type Route =
  | { view: 'sign-in' }
  | { view: 'clusters' }
  | { view: 'deployments' }
  | { view: 'deployment'; id: string }
  | { view: 'applications' }
  | { view: 'drift'; application: string }
  | { view: 'release'; application: string; version: string }
  | { view: 'bindings-index' }
  | { view: 'bindings'; application: string }
  | { view: 'promotions' }
  | { view: 'audit' }
  | { view: 'not-found' };

export function parseRoute(pathname: string): Route {
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0 || (parts.length === 1 && parts[0] === 'clusters')) return { view: 'clusters' };
  if (parts.length === 1 && parts[0] === 'sign-in') return { view: 'sign-in' };
  if (parts[0] === 'deployments' && parts.length === 1) return { view: 'deployments' };
  if (parts[0] === 'deployments' && parts.length === 2) return { view: 'deployment', id: parts[1] };
  if (parts[0] === 'applications' && parts.length === 1) return { view: 'applications' };
  if (parts[0] === 'applications' && parts.length === 3 && parts[2] === 'drift')
    return { view: 'drift', application: parts[1] };
  if (parts[0] === 'applications' && parts.length === 3 && parts[2] === 'bindings')
    return { view: 'bindings', application: parts[1] };
  if (parts.length === 1 && parts[0] === 'bindings') return { view: 'bindings-index' };
  if (parts[0] === 'applications' && parts.length === 4 && parts[2] === 'releases')
    return { view: 'release', application: parts[1], version: parts[3] };
  if (parts.length === 1 && parts[0] === 'promotions') return { view: 'promotions' };
  if (parts.length === 1 && parts[0] === 'audit') return { view: 'audit' };
  return { view: 'not-found' };
}

/** The page of one release of an application. */
export function releaseHref(application: string, version: string): string {
  return `/applications/${encodeURIComponent(application)}/releases/${encodeURIComponent(version)}`;
}

/** The bindings page of an application. */
export function bindingsHref(application: string): string {
  return `/applications/${encodeURIComponent(application)}/bindings`;
}

export function navigate(path: string): void {
  history.pushState(null, '', path);
  dispatchEvent(new PopStateEvent('popstate'));
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.pathname));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(location.pathname));
    addEventListener('popstate', onChange);
    return () => removeEventListener('popstate', onChange);
  }, []);
  return route;
}
