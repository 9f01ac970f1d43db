import { ErrorDetail } from '../common/fanout-error';
import { labelValueViolation, nameViolation } from '../common/names';
import { applyImageMap } from '../manifests/image-map';
import { KubeObject, describeObject, compareInstallOrder } from '@fleetplane/objects';
import { validateDocuments } from '../manifests/validate-documents';
import { applyOverrides } from '../overrides/apply-overrides';
import { overridesFor } from '../overrides/override-scope';
import { overrideIssues } from '../overrides/override-issues';
import { rewriteRegistries } from '../overrides/registry-rewrite';
import { ClusterCandidate } from '../placement/cluster-candidate';
import { Release } from '../release/release';
import { FanoutDeployment } from './fanout-deployment';
import { defaultNamespace } from './default-namespace';
import { stampOwnership } from './ownership';
import { RenderError } from './render.errors';
import { scaleReplicas } from './scale-replicas';

export interface RenderedCluster {
  clusterId: string;
  clusterName: string;
  releaseHash: string;
  /** Exactly what the cluster receives, in install order (namespaces and CRDs first). */
  objects: KubeObject[];
  /** Namespaces the objects live in that the release does not itself create; the applier must ensure them. */
  namespacesToEnsure: string[];
}

export interface RenderOptions {
  /**
   * Validate the rendered objects (default true). The rollout engine renders what the deployment's
   * creation rendered and validated from the same stored inputs, so it skips this.
   */
  validate?: boolean;
}

/**
 * Renders the objects one cluster receives. Stages run in a fixed order: release image map, default
 * namespace, replica share, overrides (cloud < region < label < cluster), registry rewrite, ownership
 * metadata. Ownership comes last so no override can remove it; overrides come after the replica share
 * so an explicit per-cluster replica patch wins.
 */
export function renderForCluster(
  release: Release,
  deployment: FanoutDeployment,
  cluster: ClusterCandidate,
  options: RenderOptions = {},
): RenderedCluster {
  checkDeployment(deployment);
  if (!deployment.placement.clusters.some((placed) => placed.cluster.id === cluster.id)) {
    throw new RenderError(
      'RENDER_CLUSTER_NOT_PLACED',
      `cluster ${cluster.name} is not part of this deployment's placement`,
      [{ path: 'cluster', message: `cluster ${cluster.name} (${cluster.id}) was not selected by the placement` }],
    );
  }
  let objects = defaultNamespace(applyImageMap(release.objects, release.imageMap), deployment.namespace);
  objects = scaleReplicas(objects, deployment.placement, cluster.id);
  objects = applyOverrides(objects, deployment.overrides ?? [], cluster);
  objects = rewriteRegistries(objects, deployment.imageRewrites ?? [], cluster);
  if (options.validate ?? true) checkRenderedObjects(objects, cluster);
  const ownership = {
    application: release.application,
    releaseVersion: release.version,
    releaseHash: release.contentHash,
    deploymentId: deployment.id,
  };
  objects = objects.map((object) => stampOwnership(object, ownership)).sort(compareInstallOrder);

  const declared = new Set(
    objects.filter((object) => object.kind === 'Namespace').map((object) => object.metadata.name),
  );
  const used = new Set(
    objects.flatMap((object) => (object.metadata.namespace === undefined ? [] : [object.metadata.namespace])),
  );
  return {
    clusterId: cluster.id,
    clusterName: cluster.name,
    releaseHash: release.contentHash,
    objects,
    namespacesToEnsure: [...used].filter((namespace) => !declared.has(namespace)).sort(),
  };
}

/**
 * Clusters with the same key receive the same objects: rendering depends on a cluster only through the
 * overrides in its scope, its cloud (registry rewrites) and, when replicas are divided, its own share.
 * A fleet without per-cluster overrides renders once per cloud.
 */
export function renderKey(deployment: FanoutDeployment, cluster: ClusterCandidate): string {
  const overrides = overridesFor(deployment.overrides ?? [], cluster).map(({ index }) => index);
  const share = deployment.placement.replicaMode === 'divide' ? cluster.id : '';
  return `${cluster.cloud}|${overrides.join(',')}|${share}`;
}

/**
 * Overrides can break an object the release validated (a merge patch replaces a container list whole), so
 * the output goes through the same validation before any cluster can receive it.
 */
function checkRenderedObjects(objects: readonly KubeObject[], cluster: ClusterCandidate): void {
  const documents = objects.map((value, documentIndex) => ({ documentIndex, value, locate: () => undefined }));
  const { details } = validateDocuments(documents);
  if (details.length === 0) return;
  const described = details.map((detail) => ({
    path: detail.path,
    message: `${describeObject(objects[detail.documentIndex ?? 0])} after overrides for cluster ${cluster.name}: ${detail.message}`,
  }));
  throw new RenderError(
    'RENDER_INVALID',
    `rendered objects are invalid: ${described[0].path} ${described[0].message}`,
    described,
  );
}

function checkDeployment(deployment: FanoutDeployment): void {
  const details: ErrorDetail[] = [];
  const idProblem = deployment.id === '' ? 'must not be empty' : labelValueViolation(deployment.id);
  if (idProblem !== undefined) details.push({ path: 'id', message: idProblem });
  const namespaceProblem = nameViolation(deployment.namespace, 'dns1123-label');
  if (namespaceProblem !== undefined) details.push({ path: 'namespace', message: namespaceProblem });
  details.push(...overrideIssues([], deployment.imageRewrites ?? []));
  if (details.length > 0)
    throw new RenderError('RENDER_INVALID', details.map((d) => `${d.path}: ${d.message}`).join('; '), details);
}
