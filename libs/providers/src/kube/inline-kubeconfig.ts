import { KubeConfig } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { InvalidRequest } from '../errors';

/**
 * Keys that make a kubeconfig read local files or run programs when loaded or used.
 * `@kubernetes/client-node` reads `token-file` while parsing, so they must be refused before.
 */
const FORBIDDEN_USER_KEYS = ['exec', 'auth-provider', 'token-file', 'tokenFile', 'client-certificate', 'client-key'];
const FORBIDDEN_CLUSTER_KEYS = ['certificate-authority'];

/** The `proxy-url` schemes connections can go through: HTTP CONNECT proxies and SOCKS. */
const PROXY_SCHEMES = ['http:', 'https:', 'socks4:', 'socks4a:', 'socks5:', 'socks5h:'];

interface NamedEntry {
  name?: unknown;
  user?: Record<string, unknown>;
  cluster?: Record<string, unknown>;
}

/**
 * Loads kubeconfig text whose credentials are all inline. Throws `InvalidRequest` for text that
 * is not a kubeconfig or that references files or commands.
 */
export function loadInlineKubeConfig(text: string, provider: string): KubeConfig {
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    throw new InvalidRequest('the kubeconfig is not valid YAML', { provider, cause: error });
  }
  if (
    typeof document !== 'object' ||
    document === null ||
    !Array.isArray((document as { clusters?: unknown }).clusters)
  ) {
    throw new InvalidRequest('the kubeconfig has no clusters list', { provider });
  }
  refuseMalformedEntries(document, provider);
  const { users = [], clusters } = document as { users?: NamedEntry[]; clusters: NamedEntry[] };
  refuseKeys(users, 'user', FORBIDDEN_USER_KEYS, provider);
  refuseKeys(clusters, 'cluster', FORBIDDEN_CLUSTER_KEYS, provider);
  refuseUnknownProxies(clusters, provider);
  const kubeConfig = new KubeConfig();
  try {
    kubeConfig.loadFromString(text);
  } catch (error) {
    throw new InvalidRequest('the kubeconfig could not be loaded', { provider, cause: error });
  }
  return kubeConfig;
}

const isMapping = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * `clusters`, `users` and `contexts` are lists of mappings, each holding its `cluster`, `user` or `context`
 * as a mapping: the checks below and the client's loader read them as such, and fail unnamed otherwise.
 */
function refuseMalformedEntries(document: object, provider: string): void {
  for (const [list, field] of [
    ['clusters', 'cluster'],
    ['users', 'user'],
    ['contexts', 'context'],
  ] as const) {
    const entries: unknown = (document as Record<string, unknown>)[list];
    if (entries === undefined || entries === null) continue;
    if (!Array.isArray(entries)) throw new InvalidRequest(`kubeconfig ${list} must be a list`, { provider });
    entries.forEach((entry: unknown, index) => {
      if (!isMapping(entry) || (entry[field] !== undefined && !isMapping(entry[field])))
        throw new InvalidRequest(`kubeconfig ${list}[${index}] must be a mapping with a ${field} mapping`, {
          provider,
        });
    });
  }
}

function refuseKeys(entries: NamedEntry[], field: 'user' | 'cluster', forbidden: string[], provider: string): void {
  for (const entry of entries) {
    const body = entry?.[field] ?? {};
    const found = forbidden.filter((key) => key in body);
    if (found.length > 0) {
      throw new InvalidRequest(
        `kubeconfig ${field} "${String(entry.name)}" uses ${found.join(', ')}; only inline credentials are accepted`,
        { provider },
      );
    }
  }
}

function refuseUnknownProxies(clusters: NamedEntry[], provider: string): void {
  for (const entry of clusters) {
    const proxyUrl = entry?.cluster?.['proxy-url'];
    if (proxyUrl === undefined) continue;
    const scheme = typeof proxyUrl === 'string' && URL.canParse(proxyUrl) ? new URL(proxyUrl).protocol : undefined;
    if (scheme === undefined || !PROXY_SCHEMES.includes(scheme)) {
      throw new InvalidRequest(
        // The value is not quoted: error messages reach logs, and a kubeconfig's values may be secrets.
        `kubeconfig cluster "${String(entry.name)}" has a proxy-url that is not a URL with one of the schemes ${PROXY_SCHEMES.map((each) => each.slice(0, -1)).join(', ')}`,
        { provider },
      );
    }
  }
}

/** Narrows a kubeconfig to one context, failing with `InvalidRequest` when it does not exist. */
export function selectContext(kubeConfig: KubeConfig, context: string, provider: string): KubeConfig {
  const entry = kubeConfig.getContextObject(context);
  const cluster = entry && kubeConfig.getCluster(entry.cluster);
  const user = entry && kubeConfig.getUser(entry.user);
  if (!entry || !cluster || !user) {
    throw new InvalidRequest(`the kubeconfig has no complete context "${context}"`, { provider });
  }
  const selected = new KubeConfig();
  selected.loadFromOptions({ clusters: [cluster], users: [user], contexts: [entry], currentContext: context });
  return selected;
}
