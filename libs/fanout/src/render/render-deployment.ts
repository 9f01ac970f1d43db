import { ErrorDetail } from '../common/fanout-error';
import { unresolvedTargets } from '../overrides/apply-overrides';
import { OverrideError } from '../overrides/override.errors';
import { Release } from '../release/release';
import { defaultNamespace } from './default-namespace';
import { FanoutDeployment } from './fanout-deployment';
import { RenderedCluster, renderForCluster, renderKey } from './render-for-cluster';

/**
 * Renders every placed cluster, so a deployment is refused before its first apply when any override fails
 * on any cluster, or names an object the release lacks even if no placed cluster is in its scope. Clusters
 * that render alike (see {@link renderKey}) are rendered and checked once.
 */
export function renderDeployment(release: Release, deployment: FanoutDeployment): RenderedCluster[] {
  const details: ErrorDetail[] = unresolvedTargets(
    defaultNamespace(release.objects, deployment.namespace),
    deployment.overrides ?? [],
  );
  const rendered: RenderedCluster[] = [];
  const byKey = new Map<string, RenderedCluster | undefined>();
  for (const { cluster } of deployment.placement.clusters) {
    const key = renderKey(deployment, cluster);
    if (byKey.has(key)) {
      const alike = byKey.get(key);
      if (alike) rendered.push({ ...alike, clusterId: cluster.id, clusterName: cluster.name });
      continue;
    }
    byKey.set(key, undefined);
    try {
      const own = renderForCluster(release, deployment, cluster);
      byKey.set(key, own);
      rendered.push(own);
    } catch (error) {
      if (!(error instanceof OverrideError) || error.code !== 'OVERRIDE_NOT_APPLICABLE') throw error;
      details.push(
        ...error.details.filter(
          (detail) => !details.some((seen) => seen.path === detail.path && seen.message === detail.message),
        ),
      );
    }
  }
  if (details.length > 0) {
    throw new OverrideError(
      'OVERRIDE_NOT_APPLICABLE',
      `${details.length} override problem(s): ${details[0].path} ${details[0].message}`,
      details,
    );
  }
  return rendered;
}
