import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { PageOf, PageQuery } from '@fleetplane/http';
import { PROMOTION_EVENT_KINDS } from '@fleetplane/persistence';
import type { PromotionEventKind, StoredGateResult } from '@fleetplane/persistence';
import { PROMOTION_STATES } from '@fleetplane/promotion';
import type { PromotionState } from '@fleetplane/promotion';

const APPLICATION_NAME = /^[a-z0-9]([-a-z0-9]{0,51}[a-z0-9])?$/;

export class TimelineQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'storefront', description: 'Only what concerned this application.' })
  @IsOptional()
  @Matches(APPLICATION_NAME, { message: 'must be an application name' })
  application?: string;
}

export class TimelineApplicationView {
  @ApiProperty({ example: 'storefront' }) application: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: '1.4.2',
    description: 'The release promoted, or pinned; null for an unpin.',
  })
  release: string | null;
}

export class TimelineEntryView {
  @ApiProperty({ example: '4211' }) id: string;
  @ApiProperty() at: string;
  @ApiProperty({ enum: PROMOTION_EVENT_KINDS }) kind: PromotionEventKind;
  @ApiProperty({ type: String, nullable: true, description: 'Null for a pin or an unpin.' })
  promotionId: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'staging', description: 'Where the promotion came from.' })
  from: string | null;
  @ApiProperty({ type: [TimelineApplicationView] }) applications: TimelineApplicationView[];
  @ApiProperty({ enum: PROMOTION_STATES, nullable: true, description: 'The promotion’s state after the event.' })
  state: PromotionState | null;
  @ApiProperty({ example: 'token:6f1c…', description: '`system` for the promotion driver.' }) actor: string;
  @ApiProperty({ example: 'gates passed; deploying' }) message: string;
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    nullable: true,
    description: 'The gate results with their evidence, when the event decided on them.',
  })
  gateResults: StoredGateResult[] | null;
}

export class TimelinePage extends PageOf(TimelineEntryView) {}
