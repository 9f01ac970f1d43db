import { Module } from '@nestjs/common';
import { ApplicationsModule } from '../applications/applications.module';
import { EnvironmentsController } from './environments/environments.controller';
import { EnvironmentsService } from './environments/environments.service';
import { PipelinesController } from './pipelines/pipelines.controller';
import { PipelinesService } from './pipelines/pipelines.service';

/** Environments, pipelines through them, and promotions of releases between them. */
@Module({
  imports: [ApplicationsModule],
  controllers: [EnvironmentsController, PipelinesController],
  providers: [EnvironmentsService, PipelinesService],
})
export class PromotionsModule {}
