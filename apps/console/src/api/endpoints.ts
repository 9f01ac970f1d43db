/**
 * Every call the console makes to the control plane: method, path template (OpenAPI style), the success
 * status it expects and the schema of that response. The console's client only calls through this table,
 * and test/console/api-contract.e2e-spec.ts checks each row against the running plane's /openapi.json, so a
 * renamed route or a changed response type fails the build instead of the page.
 */
export const ENDPOINTS = {
  whoami: { method: 'GET', path: '/v1/whoami', status: 200, schema: 'WhoAmIView' },
  ssoStatus: { method: 'GET', path: '/v1/auth/sso', status: 200, schema: 'SsoStatusView' },
  redeemSsoHandoff: { method: 'POST', path: '/v1/auth/sso/session', status: 200, schema: 'RedeemedSessionView' },
  logout: { method: 'POST', path: '/v1/auth/logout', status: 200, schema: 'SessionView' },
  listClusters: { method: 'GET', path: '/v1/clusters', status: 200, schema: 'ClusterPage' },
  clusterHealth: { method: 'GET', path: '/v1/clusters/{name}/health', status: 200, schema: 'ClusterHealthReportView' },
  listApplications: { method: 'GET', path: '/v1/applications', status: 200, schema: 'ApplicationPage' },
  applicationDrift: { method: 'GET', path: '/v1/applications/{name}/drift', status: 200, schema: null },
  checkDrift: { method: 'POST', path: '/v1/applications/{name}/drift/check', status: 200, schema: null },
  listReleases: { method: 'GET', path: '/v1/applications/{name}/releases', status: 200, schema: 'ReleasePage' },
  getRelease: { method: 'GET', path: '/v1/applications/{name}/releases/{version}', status: 200, schema: 'ReleaseView' },
  releaseManifests: {
    method: 'GET',
    path: '/v1/applications/{name}/releases/{version}/manifests',
    status: 200,
    schema: 'ReleaseManifestsView',
  },
  renderPreview: { method: 'POST', path: '/v1/deployments/render', status: 200, schema: null },
  listDeployments: { method: 'GET', path: '/v1/deployments', status: 200, schema: 'DeploymentPage' },
  getDeployment: { method: 'GET', path: '/v1/deployments/{id}', status: 200, schema: 'DeploymentView' },
  deploymentEvents: { method: 'GET', path: '/v1/deployments/{id}/events', status: 200, schema: null },
  approveDeployment: { method: 'POST', path: '/v1/deployments/{id}/approve', status: 200, schema: 'DeploymentView' },
  pauseDeployment: { method: 'POST', path: '/v1/deployments/{id}/pause', status: 200, schema: 'DeploymentView' },
  resumeDeployment: { method: 'POST', path: '/v1/deployments/{id}/resume', status: 200, schema: 'DeploymentView' },
  cancelDeployment: { method: 'POST', path: '/v1/deployments/{id}/cancel', status: 200, schema: 'DeploymentView' },
  rollbackDeployment: { method: 'POST', path: '/v1/deployments/{id}/rollback', status: 201, schema: 'DeploymentView' },
  listBindings: { method: 'GET', path: '/v1/applications/{app}/bindings', status: 200, schema: 'BindingListView' },
  resolveBindings: {
    method: 'GET',
    path: '/v1/applications/{app}/bindings/resolve',
    status: 200,
    schema: 'ResolutionView',
  },
  bindingStatus: {
    method: 'GET',
    path: '/v1/applications/{app}/binding-status',
    status: 200,
    schema: 'BindingStatusListView',
  },
  listEnvironments: { method: 'GET', path: '/v1/environments', status: 200, schema: 'EnvironmentPage' },
  environmentReleases: { method: 'GET', path: '/v1/environments/{name}/releases', status: 200, schema: null },
  getPipeline: { method: 'GET', path: '/v1/pipelines/{application}', status: 200, schema: 'PipelineView' },
  listPromotions: { method: 'GET', path: '/v1/promotions', status: 200, schema: 'PromotionPage' },
  approvePromotion: { method: 'POST', path: '/v1/promotions/{id}/approve', status: 200, schema: 'PromotionView' },
  rejectPromotion: { method: 'POST', path: '/v1/promotions/{id}/reject', status: 200, schema: 'PromotionView' },
  listAudit: { method: 'GET', path: '/v1/audit', status: 200, schema: 'AuditPage' },
} as const satisfies Record<string, Endpoint>;

export interface Endpoint {
  method: 'GET' | 'POST';
  path: string;
  status: number;
  /** The component schema of the success response, or null where the document declares none (SSE, arrays). */
  schema: string | null;
}

export type EndpointName = keyof typeof ENDPOINTS;

/** The path of an endpoint with its `{parameters}` filled in, each one URL-encoded. */
export function pathOf(name: EndpointName, params: Record<string, string> = {}): string {
  return ENDPOINTS[name].path.replace(/\{(\w+)\}/g, (_, key: string) => {
    const value = params[key];
    if (value === undefined) throw new Error(`${name} needs the path parameter ${key}`);
    return encodeURIComponent(value);
  });
}
