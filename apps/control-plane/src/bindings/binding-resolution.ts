import { Injectable } from '@nestjs/common';
import {
  BindingView as ResolvableBinding,
  ClusterResolution,
  ClusterView,
  InstanceView,
  createResolver,
} from '@fleetplane/bindings';
import { ServiceBindingEntity, ServiceInstanceEntity } from '@fleetplane/persistence';
import { DataSource, In } from 'typeorm';

/** An application's bindings loaded once, ready to resolve for any number of clusters. */
export interface ApplicationBindings {
  bindings: ServiceBindingEntity[];
  instances: Map<string, ServiceInstanceEntity>;
  resolve(cluster: ClusterView): ClusterResolution;
}

/**
 * The resolution stage, callable on its own (placement -> resolve bindings -> render): the planner, the
 * applier, the preview and the resolve endpoint all load an application's bindings through here and
 * resolve them with the library's one resolver.
 */
@Injectable()
export class BindingResolution {
  constructor(private readonly dataSource: DataSource) {}

  async forApplication(applicationId: string): Promise<ApplicationBindings> {
    const bindings = await this.dataSource
      .getRepository(ServiceBindingEntity)
      .find({ where: { applicationId }, order: { name: 'ASC', scopeKey: 'ASC' } });
    const instanceIds = [...new Set(bindings.map((binding) => binding.instanceId))];
    const rows =
      instanceIds.length === 0
        ? []
        : await this.dataSource.getRepository(ServiceInstanceEntity).findBy({ id: In(instanceIds) });
    const instances = new Map(rows.map((row) => [row.id, row]));
    const resolve = createResolver(
      bindings.map(resolvableOf),
      new Map(rows.map((row) => [row.id, instanceViewOf(row)])),
    );
    return { bindings, instances, resolve };
  }
}

export function instanceViewOf(instance: ServiceInstanceEntity): InstanceView {
  return {
    id: instance.id,
    name: instance.name,
    cloud: instance.cloud,
    nativeId: instance.nativeId,
    product: instance.product,
    serviceClass: instance.serviceClass,
    region: instance.region,
    ...(instance.endpointHost
      ? { endpoint: { host: instance.endpointHost, ...(instance.endpointPort ? { port: instance.endpointPort } : {}) } }
      : {}),
    ...(instance.uri ? { uri: instance.uri } : {}),
    ...(instance.engine ? { engine: instance.engine } : {}),
    ...(instance.replicaOfId ? { replicaOfId: instance.replicaOfId } : {}),
  };
}

export function resolvableOf(binding: ServiceBindingEntity): ResolvableBinding {
  return {
    id: binding.id,
    name: binding.name,
    scope: binding.scope,
    instanceId: binding.instanceId,
    role: binding.role,
    locality: binding.locality,
    revision: binding.revision,
    workloads: binding.workloads,
    env: binding.env,
    credential: binding.credential,
  };
}
