import type { BindingView, ClusterView, InstanceView } from '../binding-model';

/** Builders for specs and benchmarks: a plausible value, changed only where a test says so. */
export function aCluster(overrides: Partial<ClusterView> = {}): ClusterView {
  return { name: 'prod-use1', cloud: 'aws', region: 'us-east-1', environment: 'production', labels: {}, ...overrides };
}

export function anInstance(overrides: Partial<InstanceView> = {}): InstanceView {
  return {
    id: 'i-orders-use1',
    name: 'orders-use1',
    cloud: 'aws',
    nativeId: 'arn:aws:rds:us-east-1:123456789012:db:orders',
    product: 'rds-instance',
    serviceClass: 'postgresql',
    region: 'us-east-1',
    endpoint: { host: 'orders.abc.us-east-1.rds.amazonaws.com', port: 5432 },
    ...overrides,
  };
}

export function aBinding(overrides: Partial<BindingView> = {}): BindingView {
  return {
    id: 'b-default',
    name: 'orders-db',
    scope: { level: 'default' },
    instanceId: 'i-orders-use1',
    role: 'primary',
    locality: 'any',
    revision: 1,
    workloads: { type: 'all' },
    env: [],
    credential: {
      type: 'cloud-secret',
      reference: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:orders-AbCdEf',
    },
    ...overrides,
  };
}

export function instancesById(...instances: InstanceView[]): Map<string, InstanceView> {
  return new Map(instances.map((instance) => [instance.id, instance]));
}
