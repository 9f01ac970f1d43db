import { KindDefinition } from './kind-definition';
import { ObjectChecker } from '../object-checker';

const pathTypes = ['Exact', 'Prefix', 'ImplementationSpecific'] as const;

function checkBackend(check: ObjectChecker, path: readonly (string | number)[]): void {
  if (check.object(path, true) === undefined) return;
  const service = check.object([...path, 'service']);
  const resource = check.object([...path, 'resource']);
  if (service === undefined && resource === undefined) {
    check.fail(path, 'one of service or resource is required');
    return;
  }
  if (service !== undefined && resource !== undefined) check.fail(path, 'service and resource are mutually exclusive');
  if (service === undefined) return;
  check.name([...path, 'service', 'name'], 'dns1035-label', true);
  if (check.object([...path, 'service', 'port'], true) === undefined) return;
  const number = check.port([...path, 'service', 'port', 'number']);
  const name = check.portName([...path, 'service', 'port', 'name']);
  if (number === undefined && name === undefined)
    check.fail([...path, 'service', 'port'], 'one of number or name is required');
  if (number !== undefined && name !== undefined)
    check.fail([...path, 'service', 'port'], 'number and name are mutually exclusive');
}

export const ingressKind: KindDefinition = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  scope: 'Namespaced',
  nameRule: 'dns1123-subdomain',
  validate(check) {
    check.object(['spec'], true);
    const rules = check.array(['spec', 'rules']) ?? [];
    const hasDefault = check.get(['spec', 'defaultBackend']) !== undefined;
    if (hasDefault) checkBackend(check, ['spec', 'defaultBackend']);
    if (rules.length === 0 && !hasDefault) check.fail(['spec', 'rules'], 'either rules or defaultBackend is required');
    rules.forEach((_, index) => {
      const rule = ['spec', 'rules', index];
      const host = check.string([...rule, 'host']);
      if (
        host !== undefined &&
        !/^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(host)
      ) {
        check.fail([...rule, 'host'], `invalid host "${host}": must be a DNS name, optionally starting with "*."`);
      }
      const paths = check.array([...rule, 'http', 'paths'], check.get([...rule, 'http']) !== undefined) ?? [];
      paths.forEach((__, pathIndex) => {
        const entry = [...rule, 'http', 'paths', pathIndex];
        const pathType = check.oneOf([...entry, 'pathType'], pathTypes, true);
        const value = check.string([...entry, 'path']);
        if (pathType !== 'ImplementationSpecific' && pathType !== undefined && !(value ?? '').startsWith('/')) {
          check.fail([...entry, 'path'], `must be an absolute path when pathType is ${pathType}`);
        }
        checkBackend(check, [...entry, 'backend']);
      });
    });
    (check.array(['spec', 'tls']) ?? []).forEach((_, index) =>
      check.name(['spec', 'tls', index, 'secretName'], 'dns1123-subdomain'),
    );
  },
};
