import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, Matches } from 'class-validator';
import { ClusterScopedKindsEntity } from '@fleetplane/persistence';

const KIND_KEY = /^([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?\/)?[A-Z][A-Za-z0-9]{0,62}$/;

export class PutClusterScopedKindsDto {
  @ApiProperty({
    example: ['Namespace', 'rbac.authorization.k8s.io/ClusterRoleBinding'],
    description: 'The cluster-scoped kinds the team may use, each `group/Kind` (`Kind` for the core group).',
  })
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(KIND_KEY, { each: true, message: 'each must be group/Kind, or Kind for the core group' })
  allowedKinds: string[];
}

export class ClusterScopedKindsView {
  @ApiProperty({ example: 'payments' })
  team: string;

  @ApiProperty({ example: ['Namespace'] })
  allowedKinds: string[];

  @ApiProperty({ type: String, nullable: true, example: 'token:0d9f…', description: 'Null: never set.' })
  updatedBy: string | null;

  @ApiProperty({ type: String, nullable: true, example: '2026-11-22T10:00:00.000Z' })
  updatedAt: string | null;

  static of(team: string, row: ClusterScopedKindsEntity | null): ClusterScopedKindsView {
    return {
      team,
      allowedKinds: row?.allowedKinds ?? [],
      updatedBy: row?.updatedBy ?? null,
      updatedAt: row?.updatedAt.toISOString() ?? null,
    };
  }
}
