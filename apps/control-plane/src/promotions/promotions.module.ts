import { Module } from '@nestjs/common';
import { EnvironmentsController } from './environments/environments.controller';
import { EnvironmentsService } from './environments/environments.service';

/** Environments, pipelines through them, and promotions of releases between them. */
@Module({
  controllers: [EnvironmentsController],
  providers: [EnvironmentsService],
})
export class PromotionsModule {}
