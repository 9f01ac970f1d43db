import { JsonObject, isJsonObject } from '@fleetplane/objects';
import { KindDefinition, ObjectScope } from './kind-definition';
import { checkAgainstSchema } from './openapi-subset';

export const customResourceDefinitionKind: KindDefinition = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  scope: 'Cluster',
  nameRule: 'dns1123-subdomain',
  validate(check) {
    check.object(['spec'], true);
    const group = check.name(['spec', 'group'], 'dns1123-subdomain', true);
    if (group !== undefined && group !== '' && !group.includes('.')) {
      check.fail(['spec', 'group'], 'should be a domain with at least one dot');
    }
    check.object(['spec', 'names'], true);
    const plural = check.name(['spec', 'names', 'plural'], 'dns1123-label', true);
    check.name(['spec', 'names', 'singular'], 'dns1123-label');
    const kind = check.string(['spec', 'names', 'kind'], true);
    if (kind !== undefined && kind !== '' && !/^[A-Za-z][A-Za-z0-9]*$/.test(kind)) {
      check.fail(['spec', 'names', 'kind'], 'must start with a letter and contain only letters and digits');
    }
    check.oneOf(['spec', 'scope'], ['Namespaced', 'Cluster'], true);
    const name = check.get(['metadata', 'name']);
    if (plural !== undefined && group !== undefined && name !== `${plural}.${group}`) {
      check.fail(['metadata', 'name'], `must be spec.names.plural + "." + spec.group ("${plural}.${group}")`);
    }
    const versions = check.array(['spec', 'versions'], true) ?? [];
    let storageVersions = 0;
    versions.forEach((_, index) => {
      const version = ['spec', 'versions', index];
      check.name([...version, 'name'], 'dns1035-label', true);
      if (check.boolean([...version, 'served']) === undefined) check.fail([...version, 'served'], 'is required');
      if (check.boolean([...version, 'storage']) === true) storageVersions += 1;
      check.object([...version, 'schema', 'openAPIV3Schema'], true);
    });
    if (versions.length > 0 && storageVersions !== 1) {
      check.fail(
        ['spec', 'versions'],
        `must have exactly one version marked as storage version (found ${storageVersions})`,
      );
    }
  },
};

/** Kinds a release's own CRDs add: one definition per served version, validated against that version's schema. */
export function kindsDefinedBy(crd: JsonObject): KindDefinition[] {
  const spec = crd['spec'];
  if (!isJsonObject(spec) || !isJsonObject(spec['names']) || !Array.isArray(spec['versions'])) return [];
  const group = spec['group'];
  const kind = spec['names']['kind'];
  const scope = spec['scope'];
  if (typeof group !== 'string' || typeof kind !== 'string' || (scope !== 'Namespaced' && scope !== 'Cluster'))
    return [];
  return spec['versions'].flatMap((version): KindDefinition[] => {
    if (!isJsonObject(version) || typeof version['name'] !== 'string' || version['served'] !== true) return [];
    const schema = isJsonObject(version['schema']) ? version['schema']['openAPIV3Schema'] : undefined;
    return [
      {
        apiVersion: `${group}/${version['name']}`,
        kind,
        scope: scope satisfies ObjectScope,
        nameRule: 'dns1123-subdomain',
        validate(check) {
          if (isJsonObject(schema)) checkAgainstSchema(check, schema, [], ['apiVersion', 'kind', 'metadata']);
        },
      },
    ];
  });
}
