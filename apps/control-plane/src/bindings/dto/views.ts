import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageOf } from '@fleetplane/http';
import type { BindingEnvVar, BindingScope, ExplainedCandidate, WorkloadSelection } from '@fleetplane/bindings';
import { describeScope } from '@fleetplane/bindings';
import type { ServiceBindingEntity, ServiceInstanceEntity } from '@fleetplane/persistence';

export class ServiceInstanceView {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() team: string;
  @ApiProperty() cloud: string;
  @ApiProperty() nativeId: string;
  @ApiProperty() product: string;
  @ApiProperty() serviceClass: string;
  @ApiProperty() region: string;
  @ApiPropertyOptional() endpoint?: { host: string; port?: number };
  @ApiPropertyOptional() uri?: string;
  @ApiPropertyOptional() engine?: string;
  @ApiProperty() state: string;
  @ApiProperty() cloudState: string;
  @ApiProperty() tags: Record<string, string>;
  @ApiPropertyOptional({ description: 'The native id of the instance this one replicates.' }) replicaOf?: string;
  @ApiProperty({ description: "Read with the control plane's own cloud identity." }) ambient: boolean;
  @ApiProperty() registeredAt: string;
  @ApiProperty() refreshedAt: string;

  static of(instance: ServiceInstanceEntity): ServiceInstanceView {
    return {
      id: instance.id,
      name: instance.name,
      team: instance.team,
      cloud: instance.cloud,
      nativeId: instance.nativeId,
      product: instance.product,
      serviceClass: instance.serviceClass,
      region: instance.region,
      ...(instance.endpointHost
        ? {
            endpoint: {
              host: instance.endpointHost,
              ...(instance.endpointPort ? { port: instance.endpointPort } : {}),
            },
          }
        : {}),
      ...(instance.uri ? { uri: instance.uri } : {}),
      ...(instance.engine ? { engine: instance.engine } : {}),
      state: instance.state,
      cloudState: instance.cloudState,
      tags: instance.tags,
      ...(instance.replicaOfNativeId ? { replicaOf: instance.replicaOfNativeId } : {}),
      ambient: instance.ambient,
      registeredAt: instance.createdAt.toISOString(),
      refreshedAt: instance.refreshedAt.toISOString(),
    };
  }
}

export class ServiceInstancePage extends PageOf(ServiceInstanceView) {}

export class ImportedInstanceView {
  @ApiProperty() nativeId: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['registered', 'already-registered', 'failed'] }) outcome: string;
  @ApiPropertyOptional() reason?: string;
}

export class ImportReportView {
  @ApiProperty() discovered: number;
  @ApiProperty() registered: number;
  @ApiProperty({ type: [ImportedInstanceView] }) instances: ImportedInstanceView[];
}

/** A binding's credential as shown: its kind, version and reference, never a value. */
export class BindingCredentialView {
  @ApiProperty() type: string;
  @ApiPropertyOptional() version?: string;
  @ApiPropertyOptional() fields?: string[];
  @ApiPropertyOptional() reference?: string;
  @ApiPropertyOptional() expiresAt?: string;
  @ApiPropertyOptional({
    description: 'The stored version a rotation replaced, still valid until the rotation has rolled out everywhere.',
  })
  retiringVersion?: string;
}

export class BindingView {
  @ApiProperty() id: string;
  @ApiProperty() application: string;
  @ApiProperty() name: string;
  @ApiProperty() class: string;
  @ApiProperty() scope: BindingScope;
  @ApiProperty() scopeDescription: string;
  @ApiProperty() instance: string;
  @ApiProperty() role: string;
  @ApiProperty() locality: string;
  @ApiProperty({ type: BindingCredentialView }) credential: BindingCredentialView;
  @ApiProperty() workloads: WorkloadSelection;
  @ApiProperty() env: BindingEnvVar[];
  @ApiProperty() revision: number;
  @ApiProperty() updatedAt: string;

  static of(binding: ServiceBindingEntity, application: string, instance: ServiceInstanceEntity): BindingView {
    const credential = binding.credential;
    return {
      id: binding.id,
      application,
      name: binding.name,
      class: instance.serviceClass,
      scope: binding.scope,
      scopeDescription: describeScope(binding.scope),
      instance: instance.name,
      role: binding.role,
      locality: binding.locality,
      credential:
        credential.type === 'stored'
          ? {
              type: 'stored',
              version: String(credential.version),
              fields: credential.fieldNames,
              ...(credential.expiresAt ? { expiresAt: credential.expiresAt } : {}),
              ...(credential.previous ? { retiringVersion: String(credential.previous.version) } : {}),
            }
          : credential.type === 'cloud-secret'
            ? {
                type: 'cloud-secret',
                reference: credential.reference,
                ...(credential.version ? { version: credential.version } : {}),
              }
            : { type: 'none' },
      workloads: binding.workloads,
      env: binding.env,
      revision: binding.revision,
      updatedAt: binding.updatedAt.toISOString(),
    };
  }
}

export class BindingListView {
  @ApiProperty({ type: [BindingView] }) items: BindingView[];
}

export class ResolvedBindingView {
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['bound', 'unsatisfied'] }) status: string;
  @ApiPropertyOptional() bindingId?: string;
  @ApiPropertyOptional() scope?: string;
  @ApiPropertyOptional() instance?: string;
  @ApiPropertyOptional() revision?: number;
  @ApiPropertyOptional() reason?: string;
  @ApiPropertyOptional({ description: 'The binding Secret as the cluster would get it, credential values redacted.' })
  secret?: { name: string; type: string; entries: Record<string, string>; sources: Record<string, string> };
  @ApiProperty() candidates: ExplainedCandidate[];
}

export class ResolutionView {
  @ApiProperty() application: string;
  @ApiProperty() cluster: string;
  @ApiProperty({ type: [ResolvedBindingView] }) bindings: ResolvedBindingView[];
}
