import { Module } from '@nestjs/common';
import { ApplicationsController } from './applications.controller';
import { ApplicationsService } from './applications.service';
import { ReleaseBuilder } from './release-builder';

@Module({
  controllers: [ApplicationsController],
  providers: [ApplicationsService, ReleaseBuilder],
  exports: [ApplicationsService],
})
export class ApplicationsModule {}
