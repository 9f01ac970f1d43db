export type { ErrorDetail } from './common/fanout-error';
export { FanoutError } from './common/fanout-error';
export type { FieldPath, PathSegment } from './common/field-path';
export { formatFieldPath } from './common/field-path';
export type { LabelSelector, LabelSelectorRequirement, SelectorOperator } from './common/label-selector';
export { describeLabelSelector, labelSelectorIssues, matchesLabelSelector } from './common/label-selector';
export { LabelSelectorSyntaxError, parseLabelSelector } from './common/parse-label-selector';
export type { QualifiedNameIssue } from './common/names';
export { labelValueViolation, qualifiedNameIssue } from './common/names';
export type { ShapeSchema } from './common/shape-schema';
export { schemaOfShape } from './common/shape-schema';
export { imageRewritesShape, overridesShape, placementShape, strategyShape } from './common/spec-shapes';

export type { ManifestErrorCode } from './manifests/manifest.errors';
export { ManifestError } from './manifests/manifest.errors';
export type { ManifestLimits } from './manifests/manifest-limits';
export { defaultManifestLimits } from './manifests/manifest-limits';
export type { ManifestSource, ParseManifestsOptions } from './manifests/parse-manifests';
export { parseManifests } from './manifests/parse-manifests';
export { releaseContentHash } from './manifests/content-hash';
export type { ImageMap, ImageReplacement } from './manifests/image-map';
export { applyImageMap } from './manifests/image-map';
export type { ImageReference } from './manifests/image-reference';
export { canonicalImageName, formatImageReference, parseImageReference } from './manifests/image-reference';
export type { KindDefinition, ObjectScope } from './manifests/kinds/kind-definition';
export { KindRegistry, builtInKinds, kindRegistryFor } from './manifests/kinds/registry';

export type { Release, StoredReleaseVersion } from './release/release';
export type { ReleaseErrorCode } from './release/release.errors';
export { ReleaseError } from './release/release.errors';
export type { ReleaseInput } from './release/build-release';
export { buildRelease, checkReleaseVersion } from './release/build-release';
export type { ReleaseBuildPoolOptions } from './release/release-build-pool';
export { ReleaseBuildPool, defaultReleaseBuildPoolOptions } from './release/release-build-pool';

export type { ClusterCandidate, ClusterCapacity, ClusterHealth } from './placement/cluster-candidate';
export type {
  PlacementSpec,
  ReplicaPolicy,
  SpreadConstraint,
  TopologyKey,
  WeightSource,
} from './placement/placement-spec';
export type { ExcludedCluster, PlacedCluster, PlacementDecision, PlacementStep } from './placement/placement-decision';
export type { PlacementConstraint, PlacementErrorCode } from './placement/placement.errors';
export { PlacementError } from './placement/placement.errors';
export { placementSpecIssues } from './placement/placement-spec-issues';
export { selectClusters } from './placement/select-clusters';
export { splitReplicas } from './placement/replica-split';
export { replicasForCluster } from './placement/replicas-for-cluster';

export type {
  ImageRegistryRewrite,
  JsonPatchOperation,
  ObjectOverride,
  ObjectTarget,
  OverrideLevel,
  OverridePatch,
  OverrideScope,
} from './overrides/override-spec';
export type { OverrideErrorCode } from './overrides/override.errors';
export { OverrideError } from './overrides/override.errors';
export { overrideIssues } from './overrides/override-issues';
export { overridesFor, scopeMatches } from './overrides/override-scope';
export { applyOverrides, unresolvedTargets } from './overrides/apply-overrides';
export { applyMergePatch } from './overrides/merge-patch';
export { rewriteRegistries } from './overrides/registry-rewrite';

export type { FanoutDeployment } from './render/fanout-deployment';
export type { RenderOptions, RenderedCluster } from './render/render-for-cluster';
export { renderForCluster, renderKey } from './render/render-for-cluster';
export { renderDeployment } from './render/render-deployment';
export type { RenderErrorCode } from './render/render.errors';
export { RenderError } from './render/render.errors';
export type { InventoryRef, Ownership } from './render/ownership';
export { leftoversOf, objectsToPrune, stampOwnership } from './render/ownership';

export type {
  AllAtOnceStrategy,
  FailureThreshold,
  PlannedWave,
  RolloutPlan,
  RolloutStrategy,
  WaveGate,
  WaveSelector,
  WaveSpec,
  WavesStrategy,
} from './strategy/rollout-strategy';
export type { StrategyErrorCode } from './strategy/strategy.errors';
export { StrategyError } from './strategy/strategy.errors';
export { strategyIssues } from './strategy/strategy-issues';
export { allowedFailures, planRollout } from './strategy/plan-rollout';
export type { DeploymentState, TargetState, TransitionSubject } from './strategy/rollout-states';
export {
  IllegalTransitionError,
  activeDeploymentStates,
  canTransitionDeployment,
  canTransitionTarget,
  deploymentStates,
  terminalDeploymentStates,
  transitionDeployment,
  transitionTarget,
} from './strategy/rollout-states';
export type { DeploymentSnapshot, FinalState, RolloutDecision, TargetSnapshot } from './strategy/rollout-snapshot';
export { decideNext } from './strategy/decide-next';
