import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { FLEETPLANE_CONFIG } from '@fleetplane/config';
import type { FleetplaneConfig } from '@fleetplane/config';
import { ApiTokenEntity, TeamEntity } from '@fleetplane/persistence';
import { AuditLog, PLATFORM_TEAM, generateToken } from '@fleetplane/security';
import { DataSource } from 'typeorm';
import { TokensService } from '../tokens/tokens.service';

const BOOTSTRAP_LOCK_KEY = 724_911_306;
const BOOTSTRAP_LIFETIME_DAYS = 365;

/**
 * On an empty database, creates the platform team and its first admin token: the one from
 * FLEETPLANE_BOOTSTRAP_TOKEN, or a new one printed once. Replicas starting together serialise on a lock.
 */
@Injectable()
export class BootstrapAdmin implements OnApplicationBootstrap {
  private readonly logger = new Logger(BootstrapAdmin.name);

  constructor(
    @Inject(FLEETPLANE_CONFIG) private readonly config: FleetplaneConfig,
    private readonly dataSource: DataSource,
    private readonly tokens: TokensService,
    private readonly audit: AuditLog,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const token = this.config.bootstrapToken ?? generateToken();
    const created = await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [BOOTSTRAP_LOCK_KEY]);
      if ((await manager.count(ApiTokenEntity)) > 0) return undefined;
      await manager.upsert(TeamEntity, { name: PLATFORM_TEAM, description: 'Administers the whole fleet.' }, ['name']);
      const entity = await this.tokens.insert(manager, {
        name: 'bootstrap-admin',
        teamName: PLATFORM_TEAM,
        role: 'admin',
        token,
        lifetimeDays: BOOTSTRAP_LIFETIME_DAYS,
        createdBy: 'system',
      });
      await this.audit.record(manager, {
        action: 'token.bootstrap',
        resourceType: 'token',
        resourceId: entity.id,
        team: PLATFORM_TEAM,
        after: entity,
      });
      return entity;
    });
    if (!created) return;
    if (this.config.bootstrapToken) {
      this.logger.log(`installed the bootstrap admin token from FLEETPLANE_BOOTSTRAP_TOKEN (id ${created.id})`);
    } else {
      // Deliberately printed, not logged: it must reach the operator once and never sit in a log pipeline.
      process.stdout.write(`\nFleetplane bootstrap admin token (shown once, store it now):\n\n  ${token}\n\n`);
    }
  }
}
