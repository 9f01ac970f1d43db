import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsString,
  MaxLength,
  MinLength,
} from 'class-validator';
import { NOTIFICATION_EVENTS } from '@fleetplane/persistence';
import type { NotificationEvent } from '@fleetplane/persistence';

export class CreateNotificationTargetDto {
  @ApiProperty({ example: 'https://hooks.example.com/fleetplane' })
  @IsString()
  @MaxLength(2048)
  url: string;

  @ApiProperty({
    writeOnly: true,
    minLength: 16,
    description: 'Signs each delivery (HMAC-SHA256, `Fleetplane-Signature`); stored encrypted, never returned.',
  })
  @IsString()
  @MinLength(16)
  @MaxLength(256)
  secret: string;

  @ApiProperty({ enum: NOTIFICATION_EVENTS, isArray: true, example: ['awaiting-approval', 'failed'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(NOTIFICATION_EVENTS.length)
  @ArrayUnique()
  @IsIn(NOTIFICATION_EVENTS, { each: true })
  events: NotificationEvent[];
}

export class NotificationTargetView {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'https://hooks.example.com/fleetplane' }) url: string;
  @ApiProperty({ enum: NOTIFICATION_EVENTS, isArray: true }) events: NotificationEvent[];
  @ApiProperty() createdAt: string;
}

export class DeliveryAttemptView {
  @ApiProperty() attempt: number;
  @ApiProperty() at: string;
  @ApiProperty() durationMs: number;
  @ApiProperty({ required: false, description: 'The receiver’s status; absent when it did not answer.' })
  status?: number;
  @ApiProperty({ required: false }) error?: string;
  @ApiProperty() retryable: boolean;
}

export class WebhookDeliveryView {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'The event id, sent as `Fleetplane-Delivery` on every attempt.' }) eventId: string;
  @ApiProperty({ example: 'promotion.succeeded' }) event: string;
  @ApiProperty() targetId: string;
  @ApiProperty({ example: 'https://hooks.example.com/fleetplane' }) url: string;
  @ApiProperty({ enum: ['pending', 'delivered', 'failed'] }) status: string;
  @ApiProperty({ type: [DeliveryAttemptView] }) attempts: DeliveryAttemptView[];
  @ApiProperty({ type: String, nullable: true }) lastError: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ type: String, nullable: true }) finishedAt: string | null;
}
