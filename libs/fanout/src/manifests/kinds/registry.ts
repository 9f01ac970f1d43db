import { KindDefinition } from './kind-definition';
import { configMapKind, namespaceKind, secretKind, serviceAccountKind, serviceKind } from './core';
import { cronJobKind, daemonSetKind, deploymentKind, jobKind, statefulSetKind } from './workloads';
import { ingressKind } from './networking';
import { horizontalPodAutoscalerKind, podDisruptionBudgetKind } from './autoscaling-policy';
import { customResourceDefinitionKind, kindsDefinedBy } from './custom-resource-definition';
import { clusterRoleBindingKind, clusterRoleKind, roleBindingKind, roleKind } from './rbac';
import { JsonObject } from '@fleetplane/objects';

export const builtInKinds: readonly KindDefinition[] = [
  namespaceKind,
  configMapKind,
  secretKind,
  serviceKind,
  serviceAccountKind,
  deploymentKind,
  statefulSetKind,
  daemonSetKind,
  jobKind,
  cronJobKind,
  ingressKind,
  horizontalPodAutoscalerKind,
  podDisruptionBudgetKind,
  customResourceDefinitionKind,
  roleKind,
  roleBindingKind,
  clusterRoleKind,
  clusterRoleBindingKind,
];

/** Looks kinds up by apiVersion and kind, and explains a miss (wrong version vs unknown kind). */
export class KindRegistry {
  private readonly byKey = new Map<string, KindDefinition>();

  constructor(definitions: readonly KindDefinition[]) {
    for (const definition of definitions) this.byKey.set(`${definition.apiVersion}|${definition.kind}`, definition);
  }

  find(apiVersion: string, kind: string): KindDefinition | undefined {
    return this.byKey.get(`${apiVersion}|${kind}`);
  }

  explainUnknown(apiVersion: string, kind: string): string {
    const servedAs = [...this.byKey.values()].filter((definition) => definition.kind === kind).map((d) => d.apiVersion);
    if (servedAs.length > 0) return `${kind} is not supported as ${apiVersion}; use ${servedAs.join(' or ')}`;
    return `unknown kind ${apiVersion}/${kind}: not a supported built-in kind and no CustomResourceDefinition in this release defines it`;
  }
}

/** The built-in kinds plus those the given objects' CustomResourceDefinitions add. */
export function kindRegistryFor(objects: readonly JsonObject[]): KindRegistry {
  const isCrd = (object: JsonObject): boolean =>
    object['apiVersion'] === customResourceDefinitionKind.apiVersion &&
    object['kind'] === customResourceDefinitionKind.kind;
  return new KindRegistry([...builtInKinds, ...objects.filter(isCrd).flatMap(kindsDefinedBy)]);
}
