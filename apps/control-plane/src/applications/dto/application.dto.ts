import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsObject, IsOptional, Matches, ValidateIf } from 'class-validator';
import { IsLabelMap, PageOf } from '@fleetplane/http';
import type { KubeObject } from '@fleetplane/objects';
import { ApplicationEntity, ReleaseEntity } from '@fleetplane/persistence';
import { DNS_LABEL } from '../../teams/dto/team.dto';
import { readableManifests } from '../release-manifests';

export class CreateApplicationDto {
  @ApiProperty({
    example: 'storefront',
    description: 'A DNS label of at most 53 characters (it becomes a label value on every object).',
  })
  @Matches(/^[a-z0-9]([-a-z0-9]{0,51}[a-z0-9])?$/, { message: 'must be a DNS label of at most 53 characters' })
  name: string;

  @ApiPropertyOptional({ example: 'payments' })
  @IsOptional()
  @Matches(DNS_LABEL, { message: 'must be a DNS label' })
  team?: string;

  @ApiProperty({ example: 'storefront', description: 'Namespace for namespaced objects that name none.' })
  @Matches(DNS_LABEL, { message: 'must be a DNS label' })
  defaultNamespace: string;

  @ApiPropertyOptional({ default: false, description: 'Re-apply drifted objects when the drift check finds them.' })
  @IsOptional()
  @IsBoolean()
  autoReconcile?: boolean;
}

export class UpdateApplicationDto {
  @ApiPropertyOptional({ description: 'Re-apply drifted objects when the drift check finds them.' })
  @IsOptional()
  @IsBoolean()
  autoReconcile?: boolean;
}

export class ApplicationView {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'storefront' }) name: string;
  @ApiProperty({ example: 'payments' }) team: string;
  @ApiProperty({ example: 'storefront' }) defaultNamespace: string;
  @ApiProperty() autoReconcile: boolean;
  @ApiProperty() createdAt: string;

  static of(app: ApplicationEntity): ApplicationView {
    return {
      id: app.id,
      name: app.name,
      team: app.team,
      defaultNamespace: app.defaultNamespace,
      autoReconcile: app.autoReconcile,
      createdAt: app.createdAt.toISOString(),
    };
  }
}

export class ApplicationPage extends PageOf(ApplicationView) {}

export class CreateReleaseDto {
  @ApiProperty({ example: '1.4.2', description: 'Label-safe: letters, digits, ., - and _, at most 63.' })
  @Matches(/^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/, {
    message: 'must be at most 63 letters, digits, ., - or _, starting and ending alphanumeric',
  })
  version: string;

  @ApiProperty({
    oneOf: [
      { type: 'string', description: 'Multi-document YAML' },
      { type: 'array', items: { type: 'object' }, description: 'A JSON list of objects' },
    ],
    example: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: fast\n',
  })
  @ValidateIf((dto: CreateReleaseDto) => typeof dto.manifests !== 'string')
  @IsObject({ each: true, message: 'must be a YAML string or a list of objects' })
  manifests: string | Array<Record<string, unknown>>;

  @ApiPropertyOptional({
    example: { 'ghcr.io/acme/storefront': 'ghcr.io/acme/storefront:1.4.2' },
    description: 'Image name to the image to run.',
  })
  @IsOptional()
  @IsLabelMap({ annotations: true })
  imageMap?: Record<string, string>;
}

export class ReleaseView {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'storefront' }) application: string;
  @ApiProperty({ example: '1.4.2' }) version: string;
  @ApiProperty({ example: 'sha256:9f2c…' }) contentHash: string;
  @ApiProperty({ example: 6 }) objectCount: number;
  @ApiProperty({ example: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'storefront' }] })
  objects: Array<{ apiVersion: string; kind: string; name: string; namespace?: string }>;
  @ApiProperty() createdAt: string;

  static of(release: ReleaseEntity, application: string): ReleaseView {
    return {
      id: release.id,
      application,
      version: release.version,
      contentHash: release.contentHash,
      objectCount: release.objects.length,
      objects: release.objects.map((object) => {
        const metadata = object.metadata as { name: string; namespace?: string };
        return {
          apiVersion: String(object.apiVersion),
          kind: String(object.kind),
          name: metadata.name,
          namespace: metadata.namespace,
        };
      }),
      createdAt: release.createdAt.toISOString(),
    };
  }
}

export class ReleasePage extends PageOf(ReleaseView) {}

/** A release's objects in full, for reading and comparing; Secrets without their values. */
export class ReleaseManifestsView {
  @ApiProperty({ example: 'storefront' }) application: string;
  @ApiProperty({ example: '1.4.2' }) version: string;
  @ApiProperty({ example: 'sha256:9f2c…' }) contentHash: string;
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description: "The objects as uploaded, in document order; each Secret's data and stringData values redacted.",
  })
  objects: KubeObject[];

  static of(release: ReleaseEntity, application: string): ReleaseManifestsView {
    return {
      application,
      version: release.version,
      contentHash: release.contentHash,
      objects: readableManifests(release.objects),
    };
  }
}
