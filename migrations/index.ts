import { MigrationInterface } from 'typeorm';
import { BindingRollouts1796410000000 } from './1796410000000-BindingRollouts';
import { ClusterCapacity1796118287606 } from './1796118287606-ClusterCapacity';
import { ClusterCloudIdentity1796306284157 } from './1796306284157-ClusterCloudIdentity';
import { ClusterEnvironmentDefault1796306400852 } from './1796306400852-ClusterEnvironmentDefault';
import { ClusterInventories1796114032332 } from './1796114032332-ClusterInventories';
import { Clusters1795387315822 } from './1795387315822-Clusters';
import { Fanout1795388634399 } from './1795388634399-Fanout';
import { Foundation1795386177297 } from './1795386177297-Foundation';
import { Promotions1796400000000 } from './1796400000000-Promotions';
import { PromotionEvents1796450000000 } from './1796450000000-PromotionEvents';
import { PromotionWebhooks1796460000000 } from './1796460000000-PromotionWebhooks';
import { ListIndexes1796440512000 } from './1796440512000-ListIndexes';
import { ServiceBindings1796312116940 } from './1796312116940-ServiceBindings';
import { SingleSignOn1796430180000 } from './1796430180000-SingleSignOn';
import { TargetTimings1796306817274 } from './1796306817274-TargetTimings';
import { TargetPreviousReleases1796117809996 } from './1796117809996-TargetPreviousReleases';
import { Tenancy1796301685833 } from './1796301685833-Tenancy';

type MigrationClass = new () => MigrationInterface;

/** Every migration, in order. A new one is generated with `npm run migration:generate -- Name` and listed here. */
export const MIGRATIONS: MigrationClass[] = [
  Foundation1795386177297,
  Clusters1795387315822,
  Fanout1795388634399,
  ClusterInventories1796114032332,
  TargetPreviousReleases1796117809996,
  ClusterCapacity1796118287606,
  Tenancy1796301685833,
  ClusterCloudIdentity1796306284157,
  ClusterEnvironmentDefault1796306400852,
  TargetTimings1796306817274,
  ServiceBindings1796312116940,
  Promotions1796400000000,
  BindingRollouts1796410000000,
  SingleSignOn1796430180000,
  ListIndexes1796440512000,
  PromotionEvents1796450000000,
  PromotionWebhooks1796460000000,
];
