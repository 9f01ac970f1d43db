import { Injectable } from '@nestjs/common';
import type { BindingCredential, NameResolution } from '@fleetplane/bindings';
import { activeDeploymentStates } from '@fleetplane/fanout';
import type { DeploymentState } from '@fleetplane/fanout';
import type { Principal } from '@fleetplane/http';
import { AppliedBinding, ClusterEntity } from '@fleetplane/persistence';
import { PLATFORM_TEAM, teamPolicy } from '@fleetplane/security';
import { DataSource, In } from 'typeorm';
import { ApplicationsService } from '../applications/applications.service';
import { BindingResolution } from './binding-resolution';
import { bindingErrors } from './bindings.errors';
import {
  BindingConditionView,
  BindingStatusListView,
  BindingStatusQuery,
  BindingStatusView,
  DesiredBindingView,
} from './dto/binding-status.dto';

/** A cluster's newest target of the application, and its newest that left the cluster running a release. */
interface ClusterRollouts {
  latest?: TargetRow;
  applied?: TargetRow;
}

interface TargetRow {
  cluster_id: string;
  deployment_id: string;
  deployment_state: DeploymentState;
  state: string;
  state_since: Date;
  applied_bindings: AppliedBinding[] | null;
}

/** Target states that leave a cluster running what the target applied. */
const SETTLED = ['Ready', 'RolledBack'];

/**
 * Per binding and cluster, what resolution gives now against what the cluster was last given, summed
 * up as a Ready condition with a reason. The clusters are those the application was ever deployed to
 * (or the one asked for); nothing is read from a cluster or a cloud: the applied side is what the
 * target applier recorded.
 */
@Injectable()
export class BindingStatus {
  constructor(
    private readonly dataSource: DataSource,
    private readonly applications: ApplicationsService,
    private readonly resolution: BindingResolution,
  ) {}

  async of(principal: Principal, applicationName: string, query: BindingStatusQuery): Promise<BindingStatusListView> {
    const application = await this.applications.get(principal, applicationName);
    const loaded = await this.resolution.forApplication(application.id);
    const names = [...new Set(loaded.bindings.map((binding) => binding.name))].filter(
      (name) => query.binding === undefined || name === query.binding,
    );
    if (query.binding !== undefined && names.length === 0)
      throw bindingErrors.bindingNotFound(application.name, query.binding);
    const rollouts = await this.rolloutsByCluster(application.id);
    const clusters = await this.clusters(principal, application.team, [...rollouts.keys()], query.cluster);
    const items = clusters.flatMap((cluster) => {
      const resolved = loaded.resolve(cluster).bindings;
      return names.flatMap((name) => {
        const resolution = resolved.find((entry) => entry.name === name);
        return resolution ? [statusOf(resolution, cluster, rollouts.get(cluster.id) ?? {})] : [];
      });
    });
    return { application: application.name, items };
  }

  /** The clusters deployed to, or only the one asked for (a 422 naming `query.cluster` when the team cannot see it). */
  private async clusters(
    principal: Principal,
    team: string,
    deployedIds: string[],
    name: string | undefined,
  ): Promise<ClusterEntity[]> {
    const repository = this.dataSource.getRepository(ClusterEntity);
    if (name === undefined)
      return repository.find({
        where: { id: In(deployedIds), team: In([team, PLATFORM_TEAM]) },
        order: { name: 'ASC' },
      });
    const cluster = await repository.findOneBy({ name });
    if (!cluster || !teamPolicy.canSee(principal, cluster.team)) throw bindingErrors.unknownCluster(name);
    return [cluster];
  }

  private async rolloutsByCluster(applicationId: string): Promise<Map<string, ClusterRollouts>> {
    const newest = (states: 'settled' | 'not-skipped') =>
      this.dataSource.query(
        `SELECT DISTINCT ON (t.cluster_id) t.cluster_id, t.deployment_id, d.state AS deployment_state, t.state,
           t.state_since, t.applied_bindings
         FROM deployment_targets t JOIN deployments d ON d.id = t.deployment_id
         WHERE d.application_id = $1 AND (t.state = ANY($2)) = $3
         ORDER BY t.cluster_id, d.created_at DESC, d.id DESC`,
        states === 'settled' ? [applicationId, SETTLED, true] : [applicationId, ['Skipped'], false],
      ) as Promise<TargetRow[]>;
    // A skipped target changed nothing on its cluster: the newest that did not skip says what goes on there.
    const [latest, applied] = await Promise.all([newest('not-skipped'), newest('settled')]);
    const byCluster = new Map<string, ClusterRollouts>();
    for (const row of latest) byCluster.set(row.cluster_id, { latest: row });
    for (const row of applied) byCluster.set(row.cluster_id, { ...byCluster.get(row.cluster_id), applied: row });
    return byCluster;
  }
}

function statusOf(resolution: NameResolution, cluster: ClusterEntity, rollouts: ClusterRollouts): BindingStatusView {
  const desired = resolution.status === 'bound' ? desiredOf(resolution) : null;
  const appliedEntry = rollouts.applied?.applied_bindings?.find((entry) => entry.name === resolution.name);
  const applied = appliedEntry
    ? {
        bindingId: appliedEntry.bindingId,
        revision: appliedEntry.revision,
        credentialVersion: appliedEntry.credentialVersion,
      }
    : null;
  const rolling = rollouts.latest && activeDeploymentStates.includes(rollouts.latest.deployment_state);
  const deployment = (rolling ? rollouts.latest : rollouts.applied)?.deployment_id;
  return {
    binding: resolution.name,
    cluster: cluster.name,
    desired,
    applied,
    ...(deployment ? { deployment } : {}),
    conditions: [readyCondition(resolution, rollouts, applied)],
  };
}

function desiredOf(resolution: Extract<NameResolution, { status: 'bound' }>): DesiredBindingView {
  return {
    bindingId: resolution.binding.id,
    revision: resolution.binding.revision,
    credentialVersion: credentialVersionOf(resolution.binding.credential),
    instance: resolution.instance.name,
  };
}

/** The first reason that holds, in order: the one that explains most of what a person should do. */
function readyCondition(
  resolution: NameResolution,
  { latest, applied }: ClusterRollouts,
  appliedBinding: { bindingId: string; revision: number } | null,
): BindingConditionView {
  const condition = (
    status: BindingConditionView['status'],
    reason: BindingConditionView['reason'],
    message: string,
    since: Date,
  ) => ({ type: 'Ready', status, reason, message, lastTransitionTime: since.toISOString() }) as const;
  const since = (row: TargetRow | undefined) => row?.state_since ?? new Date();
  if (resolution.status === 'unsatisfied') return condition('False', 'Unsatisfied', resolution.reason, since(latest));
  if (latest && activeDeploymentStates.includes(latest.deployment_state))
    return condition(
      'Unknown',
      'RolloutInProgress',
      `deployment ${latest.deployment_id} is ${latest.deployment_state.toLowerCase()}; this cluster is ${latest.state}`,
      latest.state_since,
    );
  if (!applied) return condition('False', 'NotDeployed', 'the application does not run on this cluster', since(latest));
  const credential = resolution.binding.credential;
  if (credential.type === 'stored' && credential.expiresAt && Date.parse(credential.expiresAt) <= Date.now())
    return condition(
      'False',
      'CredentialExpired',
      `stored credential version ${credential.version} expired at ${credential.expiresAt}`,
      new Date(credential.expiresAt),
    );
  const desired = `revision ${resolution.binding.revision} of binding ${resolution.binding.id}`;
  if (
    !appliedBinding ||
    appliedBinding.bindingId !== resolution.binding.id ||
    appliedBinding.revision !== resolution.binding.revision
  ) {
    const runs = appliedBinding
      ? `revision ${appliedBinding.revision} of binding ${appliedBinding.bindingId}`
      : 'no revision of it';
    return condition(
      'False',
      'NotApplied',
      `the cluster runs ${runs}; resolution gives ${desired}`,
      applied.state_since,
    );
  }
  return condition('True', 'Applied', `the cluster runs ${desired}`, applied.state_since);
}

function credentialVersionOf(credential: BindingCredential): string {
  if (credential.type === 'stored') return String(credential.version);
  return credential.type === 'cloud-secret' ? (credential.version ?? '') : '';
}
