import { Module } from '@nestjs/common';
import { DatabaseMetrics } from './database-metrics';
import { HealthController } from './health.controller';

@Module({ controllers: [HealthController], providers: [DatabaseMetrics] })
export class HealthModule {}
