import { ENDPOINTS, EndpointName, pathOf } from './endpoints';
import type {
  ApplicationView,
  AuditEventView,
  BindingListView,
  BindingStatusListView,
  ClusterDriftView,
  ClusterHealthReportView,
  ClusterView,
  DeploymentView,
  EnvironmentReleaseView,
  EnvironmentView,
  Page,
  PipelineView,
  PromotionView,
  ReleaseManifestsView,
  ReleaseView,
  RenderPreview,
  ResolutionView,
  RedeemedSessionView,
  SessionView,
  SsoStatusView,
  WhoAmIView,
} from './types';

/** An API answer that was not the expected success: the problem+json fields, shown as they are. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string | undefined,
    readonly errors: Array<{ field: string; message: string }>,
    readonly requestId: string | undefined,
  ) {
    super(detail ? `${title}: ${detail}` : title);
  }
}

type Query = Record<string, string | number | undefined>;

function queryString(query: Query): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    if (value !== undefined && value !== '') search.set(key, `${value}`);
  const text = search.toString();
  return text ? `?${text}` : '';
}

async function problemOf(response: Response): Promise<ApiProblem> {
  const requestId = response.headers.get('x-request-id') ?? undefined;
  const body: unknown = await response.json().catch(() => undefined);
  if (typeof body !== 'object' || body === null)
    return new ApiProblem(response.status, response.statusText || 'Request failed', undefined, [], requestId);
  const problem = body as { title?: unknown; detail?: unknown; errors?: unknown; requestId?: unknown };
  const errors = Array.isArray(problem.errors)
    ? problem.errors.filter(
        (entry): entry is { field: string; message: string } =>
          typeof entry === 'object' && entry !== null && typeof entry.field === 'string',
      )
    : [];
  return new ApiProblem(
    response.status,
    typeof problem.title === 'string' ? problem.title : response.statusText,
    typeof problem.detail === 'string' ? problem.detail : undefined,
    errors,
    typeof problem.requestId === 'string' ? problem.requestId : requestId,
  );
}

/**
 * The control plane's public REST API, as the signed-in token. Every call goes through {@link ENDPOINTS};
 * the token travels in the Authorization header only, never in a URL.
 */
export class ApiClient {
  /** Without a token: the sign-in routes, the only ones that answer before anyone is signed in. */
  static anonymous(): ApiClient {
    return new ApiClient(null);
  }

  constructor(private readonly token: string | null) {}

  private get authorization(): Record<string, string> {
    return this.token === null ? {} : { Authorization: `Bearer ${this.token}` };
  }

  async call<T>(
    name: EndpointName,
    { params, query = {}, body }: { params?: Record<string, string>; query?: Query; body?: unknown } = {},
  ): Promise<T> {
    const endpoint = ENDPOINTS[name];
    const response = await fetch(pathOf(name, params) + queryString(query), {
      method: endpoint.method,
      headers: {
        ...this.authorization,
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status !== endpoint.status) throw await problemOf(response);
    return (await response.json()) as T;
  }

  /** Opens a streaming endpoint (Server-Sent Events) with the token in its header, as EventSource cannot. */
  async open(name: EndpointName, params: Record<string, string>, headers: Record<string, string>, signal: AbortSignal) {
    const response = await fetch(pathOf(name, params), {
      headers: { ...this.authorization, Accept: 'text/event-stream', ...headers },
      signal,
    });
    if (response.status !== ENDPOINTS[name].status || !response.body) throw await problemOf(response);
    return response.body;
  }

  whoami = () => this.call<WhoAmIView>('whoami');
  ssoStatus = () => this.call<SsoStatusView>('ssoStatus');
  redeemSsoHandoff = (code: string, verifier: string) =>
    this.call<RedeemedSessionView>('redeemSsoHandoff', { body: { code, verifier } });
  logout = () => this.call<SessionView>('logout');
  clusters = (query: Query) => this.call<Page<ClusterView>>('listClusters', { query });
  clusterHealth = (name: string) =>
    this.call<ClusterHealthReportView>('clusterHealth', { params: { name }, query: { limit: 10 } });
  applications = (query: Query = {}) => this.call<Page<ApplicationView>>('listApplications', { query });
  drift = (name: string) => this.call<ClusterDriftView[]>('applicationDrift', { params: { name } });
  checkDrift = (name: string) => this.call<ClusterDriftView[]>('checkDrift', { params: { name } });
  releases = (name: string, query: Query = {}) =>
    this.call<Page<ReleaseView>>('listReleases', { params: { name }, query });
  release = (name: string, version: string) => this.call<ReleaseView>('getRelease', { params: { name, version } });
  releaseManifests = (name: string, version: string) =>
    this.call<ReleaseManifestsView>('releaseManifests', { params: { name, version } });
  /** Renders the release for one cluster as a deployment placed on that cluster alone would, whatever its health. */
  renderPreview = (application: string, release: string, cluster: string) =>
    this.call<RenderPreview>('renderPreview', {
      body: {
        application,
        release,
        cluster,
        placement: { clusters: [cluster], allowedHealth: ANY_PLACEMENT_HEALTH },
      },
    });
  deployments = (query: Query) => this.call<Page<DeploymentView>>('listDeployments', { query });
  deployment = (id: string) => this.call<DeploymentView>('getDeployment', { params: { id } });
  act = (id: string, action: DeploymentAction) =>
    this.call<DeploymentView>(ACTION_ENDPOINTS[action], {
      params: { id },
      body: action === 'rollback' ? {} : undefined,
    });
  bindings = (app: string) => this.call<BindingListView>('listBindings', { params: { app } });
  /** What one cluster would get under each binding name, explained; credential values come redacted. */
  resolveBindings = (app: string, cluster: string) =>
    this.call<ResolutionView>('resolveBindings', { params: { app }, query: { cluster } });
  bindingStatus = (app: string, cluster?: string) =>
    this.call<BindingStatusListView>('bindingStatus', { params: { app }, query: { cluster } });
  environments = (query: Query = {}) => this.call<Page<EnvironmentView>>('listEnvironments', { query });
  environmentReleases = (name: string) =>
    this.call<EnvironmentReleaseView[]>('environmentReleases', { params: { name } });
  pipeline = (application: string) => this.call<PipelineView>('getPipeline', { params: { application } });
  promotions = (query: Query) => this.call<Page<PromotionView>>('listPromotions', { query });
  /** Approves or declines a promotion waiting for approval; the API requires a comment to decline. */
  decide = (id: string, decision: 'approve' | 'reject', comment: string) =>
    this.call<PromotionView>(decision === 'approve' ? 'approvePromotion' : 'rejectPromotion', {
      params: { id },
      body: comment ? { comment } : {},
    });
  audit = (query: Query) => this.call<Page<AuditEventView>>('listAudit', { query });
}

/** Every health placement knows, in its own words (a cluster's `Unauthorized` is its `CredentialError`). */
const ANY_PLACEMENT_HEALTH = ['Healthy', 'Degraded', 'Unreachable', 'CredentialError', 'Unknown'];

export type DeploymentAction = 'approve' | 'pause' | 'resume' | 'cancel' | 'rollback';

const ACTION_ENDPOINTS: Record<DeploymentAction, EndpointName> = {
  approve: 'approveDeployment',
  pause: 'pauseDeployment',
  resume: 'resumeDeployment',
  cancel: 'cancelDeployment',
  rollback: 'rollbackDeployment',
};
