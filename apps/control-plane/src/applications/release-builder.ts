import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { ParseManifestsOptions, Release, ReleaseBuildPool, ReleaseInput } from '@fleetplane/fanout';

/**
 * Builds releases as buildRelease does, the big ones on worker threads (see ReleaseBuildPool), and stops
 * those threads with the application.
 */
@Injectable()
export class ReleaseBuilder implements OnModuleDestroy {
  private readonly pool = new ReleaseBuildPool();

  build(input: ReleaseInput, options: ParseManifestsOptions): Promise<Release> {
    return this.pool.build(input, options);
  }

  onModuleDestroy(): Promise<void> {
    return this.pool.close();
  }
}
