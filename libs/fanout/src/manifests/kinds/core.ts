import { configMapKeyViolation } from '../../common/names';
import { KindDefinition } from './kind-definition';
import { ObjectChecker } from '../object-checker';

export const namespaceKind: KindDefinition = {
  apiVersion: 'v1',
  kind: 'Namespace',
  scope: 'Cluster',
  nameRule: 'dns1123-label',
  validate() {},
};

export const serviceAccountKind: KindDefinition = {
  apiVersion: 'v1',
  kind: 'ServiceAccount',
  scope: 'Namespaced',
  nameRule: 'dns1123-subdomain',
  validate(check) {
    (check.array(['imagePullSecrets']) ?? []).forEach((_, index) =>
      check.name(['imagePullSecrets', index, 'name'], 'dns1123-subdomain', true),
    );
  },
};

function checkDataKeys(check: ObjectChecker, field: string): Record<string, string> | undefined {
  const data = check.stringMap([field]);
  for (const key of Object.keys(data ?? {})) {
    const problem = configMapKeyViolation(key);
    if (problem !== undefined) check.fail([field, key], `invalid key: ${problem}`);
  }
  return data;
}

export const configMapKind: KindDefinition = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  scope: 'Namespaced',
  nameRule: 'dns1123-subdomain',
  validate(check) {
    const data = checkDataKeys(check, 'data');
    const binaryData = checkDataKeys(check, 'binaryData');
    for (const key of Object.keys(binaryData ?? {})) {
      if (data !== undefined && Object.hasOwn(data, key)) check.fail(['binaryData', key], 'duplicate of a key in data');
    }
  },
};

const base64Pattern = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export const secretKind: KindDefinition = {
  apiVersion: 'v1',
  kind: 'Secret',
  scope: 'Namespaced',
  nameRule: 'dns1123-subdomain',
  validate(check) {
    const data = checkDataKeys(check, 'data');
    for (const [key, value] of Object.entries(data ?? {})) {
      if (!base64Pattern.test(value))
        check.fail(['data', key], 'must be base64 encoded (use stringData for plain text)');
    }
    checkDataKeys(check, 'stringData');
    check.string(['type']);
  },
};

const serviceTypes = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'] as const;

export const serviceKind: KindDefinition = {
  apiVersion: 'v1',
  kind: 'Service',
  scope: 'Namespaced',
  // Services become DNS names and environment variables, so Kubernetes holds them to DNS-1035.
  nameRule: 'dns1035-label',
  validate(check) {
    check.object(['spec'], true);
    const type = check.oneOf(['spec', 'type'], serviceTypes) ?? 'ClusterIP';
    if (type === 'ExternalName') {
      check.name(['spec', 'externalName'], 'dns1123-subdomain', true);
      return;
    }
    const headless = check.get(['spec', 'clusterIP']) === 'None';
    const ports = check.array(['spec', 'ports'], !headless) ?? [];
    const names = new Set<string>();
    ports.forEach((_, index) => {
      const port = ['spec', 'ports', index];
      check.port([...port, 'port'], true);
      check.portOrName([...port, 'targetPort']);
      check.oneOf([...port, 'protocol'], ['TCP', 'UDP', 'SCTP']);
      if (type === 'NodePort' || type === 'LoadBalancer') check.port([...port, 'nodePort']);
      const name = check.name([...port, 'name'], 'dns1123-label', ports.length > 1);
      if (name !== undefined && name !== '') {
        if (names.has(name)) check.fail([...port, 'name'], `duplicate port name "${name}"`);
        names.add(name);
      }
    });
    check.labels(['spec', 'selector']);
  },
};
