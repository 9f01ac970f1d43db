import { Module } from '@nestjs/common';
import { GroupMappingsController } from './group-mappings.controller';
import { GroupMappingsService } from './group-mappings.service';
import { OidcClient } from './oidc-client';
import { SessionsController } from './sessions.controller';
import { SessionsService } from './sessions.service';
import { SsoController } from './sso.controller';
import { SsoLoginService } from './sso-login.service';

/** Single sign-on: OpenID Connect sign-in, the sessions it creates, and the group-to-team mappings. */
@Module({
  controllers: [SsoController, SessionsController, GroupMappingsController],
  providers: [OidcClient, SsoLoginService, SessionsService, GroupMappingsService],
})
export class SsoModule {}
