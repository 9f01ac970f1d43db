import { Injectable } from '@nestjs/common';
import { Principal } from '@fleetplane/http';
import { DataSource } from 'typeorm';
import { applicationsIn, currentRun } from '../promotions/environment-runs';
import { promotionErrors } from '../promotions.errors';
import { EnvironmentsService } from './environments.service';

/** What one application runs in an environment: its newest deployment's release there, healthy or not. */
export interface RunningRelease {
  release: string;
  healthy: boolean;
}

export interface ReleaseDifference {
  application: string;
  left: RunningRelease | null;
  right: RunningRelease | null;
  same: boolean;
}

/** Release versions per application in two environments of the team, side by side. */
@Injectable()
export class EnvironmentDiff {
  constructor(
    private readonly dataSource: DataSource,
    private readonly environments: EnvironmentsService,
  ) {}

  async releases(principal: Principal, leftName: string, rightName: string): Promise<ReleaseDifference[]> {
    const left = await this.environments.get(principal, leftName);
    const right = await this.environments
      .get(principal, rightName)
      .catch(() => Promise.reject(promotionErrors.unknownEnvironment('query.with', rightName)));
    const names = [
      ...new Set([
        ...(await applicationsIn(this.dataSource, left.team, left.bindingsEnvironment)),
        ...(await applicationsIn(this.dataSource, right.team, right.bindingsEnvironment)),
      ]),
    ].sort();
    const ids = (await this.dataSource.query(`SELECT id, name FROM applications WHERE name = ANY($1)`, [
      names,
    ])) as Array<{
      id: string;
      name: string;
    }>;
    return Promise.all(
      names.map(async (application) => {
        const id = ids.find((row) => row.name === application)!.id;
        const [l, r] = await Promise.all(
          [left, right].map(async (environment) => {
            const run = await currentRun(this.dataSource, id, environment.bindingsEnvironment);
            return run ? { release: run.releaseVersion, healthy: run.healthy } : null;
          }),
        );
        return { application, left: l, right: r, same: l?.release === r?.release };
      }),
    );
  }
}
