import { ResourceType } from './resource-catalog';
import { JsonObject, KubeObject, isJsonObject } from './types';

/** The resource types a CustomResourceDefinition makes the cluster serve, one per served version. */
export function typesFromDefinition(definition: KubeObject): ResourceType[] {
  const spec = definition.spec ?? {};
  const names = (isJsonObject(spec.names) ? spec.names : {}) as JsonObject;
  const versions = Array.isArray(spec.versions) ? spec.versions.filter(isJsonObject) : [];
  return versions
    .filter((version) => version.served !== false)
    .map((version) => {
      const subresources = isJsonObject(version.subresources) ? version.subresources : {};
      const scale = isJsonObject(subresources.scale) ? subresources.scale : undefined;
      const stripPrefix = (path: unknown): string => String(path ?? '').replace(/^\./, '');
      return {
        group: String(spec.group),
        version: String(version.name),
        kind: String(names.kind),
        resource: String(names.plural),
        singular: String(names.singular ?? String(names.kind).toLowerCase()),
        namespaced: spec.scope !== 'Cluster',
        shortNames: Array.isArray(names.shortNames) ? names.shortNames.map(String) : [],
        categories: Array.isArray(names.categories) ? names.categories.map(String) : [],
        subresources: [
          ...(isJsonObject(subresources.status) ? (['status'] as const) : []),
          ...(scale ? (['scale'] as const) : []),
        ],
        ...(scale
          ? {
              scale: {
                specReplicasPath: stripPrefix(scale.specReplicasPath),
                statusReplicasPath: stripPrefix(scale.statusReplicasPath),
                ...(scale.labelSelectorPath ? { labelSelectorPath: stripPrefix(scale.labelSelectorPath) } : {}),
              },
            }
          : {}),
        tracksGeneration: true,
        builtIn: false,
      };
    });
}

/** Status the apiextensions server reports once a definition's names are accepted. */
export function establishedStatus(definition: KubeObject, now: string): JsonObject {
  const spec = definition.spec ?? {};
  const versions = Array.isArray(spec.versions) ? spec.versions.filter(isJsonObject) : [];
  return {
    acceptedNames: spec.names ?? {},
    storedVersions: versions.filter((version) => version.storage === true).map((version) => String(version.name)),
    conditions: [
      {
        type: 'NamesAccepted',
        status: 'True',
        reason: 'NoConflicts',
        message: 'no conflicts found',
        lastTransitionTime: now,
      },
      {
        type: 'Established',
        status: 'True',
        reason: 'InitialNamesAccepted',
        message: 'the initial names have been accepted',
        lastTransitionTime: now,
      },
    ],
  };
}
