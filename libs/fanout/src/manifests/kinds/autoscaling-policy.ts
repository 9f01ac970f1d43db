import { KindDefinition } from './kind-definition';

export const horizontalPodAutoscalerKind: KindDefinition = {
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  scope: 'Namespaced',
  nameRule: 'dns1123-subdomain',
  validate(check) {
    check.object(['spec'], true);
    check.object(['spec', 'scaleTargetRef'], true);
    check.string(['spec', 'scaleTargetRef', 'kind'], true);
    check.string(['spec', 'scaleTargetRef', 'name'], true);
    const min = check.integer(['spec', 'minReplicas'], { min: 1 });
    const max = check.integer(['spec', 'maxReplicas'], { min: 1, required: true });
    if (min !== undefined && max !== undefined && min > max) {
      check.fail(['spec', 'maxReplicas'], `must be greater than or equal to minReplicas (${min})`);
    }
    (check.array(['spec', 'metrics']) ?? []).forEach((_, index) =>
      check.oneOf(
        ['spec', 'metrics', index, 'type'],
        ['Resource', 'Pods', 'Object', 'External', 'ContainerResource'],
        true,
      ),
    );
  },
};

export const podDisruptionBudgetKind: KindDefinition = {
  apiVersion: 'policy/v1',
  kind: 'PodDisruptionBudget',
  scope: 'Namespaced',
  nameRule: 'dns1123-subdomain',
  validate(check) {
    check.object(['spec'], true);
    const minAvailable = check.get(['spec', 'minAvailable']);
    const maxUnavailable = check.get(['spec', 'maxUnavailable']);
    if (minAvailable !== undefined && maxUnavailable !== undefined) {
      check.fail(['spec'], 'minAvailable and maxUnavailable cannot both be set');
    }
    for (const field of ['minAvailable', 'maxUnavailable']) {
      const value = check.get(['spec', field]);
      if (typeof value === 'number') check.integer(['spec', field], { min: 0 });
      else if (typeof value === 'string' && !/^\d+%$/.test(value))
        check.fail(['spec', field], 'must be an integer or a percentage');
    }
    check.labelSelector(['spec', 'selector']);
  },
};
