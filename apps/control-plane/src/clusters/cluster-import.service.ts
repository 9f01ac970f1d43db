import { Injectable } from '@nestjs/common';
import { DomainError, Principal } from '@fleetplane/http';
import { ClusterEntity } from '@fleetplane/persistence';
import {
  CloudProviders,
  ClusterRef,
  DiscoveredCluster,
  DiscoveryScope,
  ProviderCredential,
  ProviderError,
} from '@fleetplane/providers';
import { DataSource } from 'typeorm';
import { CloudIdentityTaken } from './clusters.errors';
import { ClustersService } from './clusters.service';
import { providerError } from './provider-errors';
import { ImportClustersDto, ImportOutcomeView, ImportResultView } from './dto/import-clusters.dto';

const DISCOVER_TIMEOUT_MS = 60_000;

/**
 * Discovers every cluster in an account, project or subscription and registers those matching a
 * filter, each on its own (one failing does not undo the others), reporting what happened to each.
 */
@Injectable()
export class ClusterImportService {
  constructor(
    private readonly providers: CloudProviders,
    private readonly clusters: ClustersService,
    private readonly dataSource: DataSource,
  ) {}

  async import(principal: Principal, input: ImportClustersDto): Promise<ImportResultView> {
    const team = input.team ?? principal.team;
    const credential = { ...input.credential } as ProviderCredential;
    const scope = { ...input.scope } as DiscoveryScope;
    this.clusters.authorize(principal, { team, credential, ref: { provider: scope.provider } as ClusterRef });
    const discovered = await this.discover(scope, credential);
    const outcomes: ImportOutcomeView[] = [];
    for (const found of discovered) outcomes.push(await this.importOne(principal, found, input, team, credential));
    return {
      discovered: discovered.length,
      registered: outcomes.filter((o) => o.outcome === 'registered').length,
      clusters: outcomes,
    };
  }

  private async importOne(
    principal: Principal,
    found: DiscoveredCluster,
    input: ImportClustersDto,
    team: string,
    credential: ProviderCredential,
  ): Promise<ImportOutcomeView> {
    const cloudName = cloudNameOf(found.ref);
    const name = fleetName(input.namePrefix ?? '', cloudName);
    const outcome = { cloudName, region: found.region, name };
    if (
      !matchesName(input.filter?.name, cloudName) ||
      (input.filter?.regions && !input.filter.regions.includes(found.region))
    ) {
      return { ...outcome, outcome: 'filtered-out' };
    }
    if (await this.dataSource.getRepository(ClusterEntity).existsBy({ name }))
      return { ...outcome, outcome: 'already-registered' };
    try {
      const description = await this.clusters.describe(found.ref, credential);
      const tags = input.filter?.tags ?? {};
      if (Object.entries(tags).some(([key, value]) => description.tags[key] !== value))
        return { ...outcome, outcome: 'filtered-out' };
      await this.dataSource.transaction((manager) =>
        this.clusters.registerWithin(
          manager,
          {
            name,
            team,
            environment: input.environment,
            labels: input.labels ?? {},
            annotations: {},
            ref: found.ref,
            credential,
          },
          description,
        ),
      );
      return { ...outcome, outcome: 'registered' };
    } catch (error) {
      if (error instanceof CloudIdentityTaken) return this.alreadyRegistered(principal, error, outcome);
      if (error instanceof DomainError)
        return { ...outcome, outcome: 'failed', error: `${error.title}: ${error.message}` };
      throw error;
    }
  }

  /** Reports the existing registration's name in `name` if the principal may see it, else only that one exists. */
  private async alreadyRegistered(
    principal: Principal,
    refused: CloudIdentityTaken,
    outcome: Pick<ImportOutcomeView, 'cloudName' | 'region' | 'name'>,
  ): Promise<ImportOutcomeView> {
    const holder = await this.clusters.holder(principal, refused);
    return holder
      ? { ...outcome, name: holder, outcome: 'already-registered', reason: `registered as ${holder}` }
      : { ...outcome, outcome: 'already-registered', reason: 'registered by another team' };
  }

  private async discover(scope: DiscoveryScope, credential: ProviderCredential): Promise<DiscoveredCluster[]> {
    try {
      return await this.providers.discover(scope, credential, {
        signal: AbortSignal.timeout(DISCOVER_TIMEOUT_MS),
      });
    } catch (error) {
      throw error instanceof ProviderError ? providerError(error) : error;
    }
  }
}

function cloudNameOf(ref: ClusterRef): string {
  return ref.provider === 'kubeconfig' ? ref.context : ref.name;
}

/** A DNS label from the cloud's name: lowercased, other characters folded to `-`, at most 63. */
export function fleetName(prefix: string, cloudName: string): string {
  const folded = `${prefix}${cloudName}`
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return folded.slice(0, 63).replace(/-+$/, '') || 'cluster';
}

function matchesName(glob: string | undefined, name: string): boolean {
  if (!glob) return true;
  const pattern = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${pattern}$`).test(name);
}
