import { KindDefinition } from './kind-definition';
import { ObjectChecker } from '../object-checker';

const apiVersion = 'rbac.authorization.k8s.io/v1';

function checkRules(check: ObjectChecker): void {
  (check.array(['rules']) ?? []).forEach((_, index) => check.array(['rules', index, 'verbs'], true));
}

function checkBinding(check: ObjectChecker): void {
  check.string(['roleRef', 'kind'], true);
  check.string(['roleRef', 'name'], true);
  (check.array(['subjects']) ?? []).forEach((_, index) => {
    check.string(['subjects', index, 'kind'], true);
    check.string(['subjects', index, 'name'], true);
  });
}

export const roleKind: KindDefinition = {
  apiVersion,
  kind: 'Role',
  scope: 'Namespaced',
  nameRule: 'dns1123-subdomain',
  validate: checkRules,
};

export const roleBindingKind: KindDefinition = {
  apiVersion,
  kind: 'RoleBinding',
  scope: 'Namespaced',
  nameRule: 'dns1123-subdomain',
  validate: checkBinding,
};

/** Cluster-wide power: which teams may ship these is the platform's decision (cluster-scoped kinds policy). */
export const clusterRoleKind: KindDefinition = {
  apiVersion,
  kind: 'ClusterRole',
  scope: 'Cluster',
  nameRule: 'dns1123-subdomain',
  validate: checkRules,
};

export const clusterRoleBindingKind: KindDefinition = {
  apiVersion,
  kind: 'ClusterRoleBinding',
  scope: 'Cluster',
  nameRule: 'dns1123-subdomain',
  validate: checkBinding,
};
