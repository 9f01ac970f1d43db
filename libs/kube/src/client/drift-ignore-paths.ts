import { ApplyManifest } from './object-ref';

/**
 * Fields of applied objects that something else legitimately owns after the apply, so a difference
 * there is not drift: `spec.replicas` of a workload an applied HorizontalPodAutoscaler scales.
 */
export function ownedElsewherePaths(applied: readonly ApplyManifest[], object: ApplyManifest): string[] {
  const scaled = applied.some((candidate) => {
    if (candidate.kind !== 'HorizontalPodAutoscaler') return false;
    const spec = candidate['spec'] as { scaleTargetRef?: { kind?: string; name?: string } } | undefined;
    return (
      candidate.metadata.namespace === object.metadata.namespace &&
      spec?.scaleTargetRef?.kind === object.kind &&
      spec.scaleTargetRef.name === object.metadata.name
    );
  });
  return scaled ? ['spec.replicas'] : [];
}
