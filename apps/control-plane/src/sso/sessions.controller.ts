import { Controller, Delete, Get, HttpCode, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UuidParam } from '@fleetplane/http';
import type { Principal } from '@fleetplane/http';
import { CurrentPrincipal, RequireRole } from '@fleetplane/security';
import { SessionPage, SessionQuery, SessionView } from './dto/session.dto';
import { SessionsService } from './sessions.service';

@ApiTags('sso')
@Controller('sessions')
export class SessionsController {
  constructor(private readonly sessions: SessionsService) {}

  @Get()
  @RequireRole('viewer')
  @ApiOperation({
    summary: "List single sign-on sessions (one's own; a team's for its admins; all for platform admins)",
  })
  @ApiOkResponse({ type: SessionPage })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: SessionQuery): Promise<SessionPage> {
    const { items, nextCursor } = await this.sessions.list(principal, query);
    return { items: items.map(SessionView.of), nextCursor };
  }

  @Delete(':id')
  @HttpCode(200)
  @RequireRole('viewer')
  @ApiOperation({ summary: "Revoke a session (one's own: any role; another's: an admin of its team)" })
  @ApiOkResponse({ type: SessionView })
  async revoke(@CurrentPrincipal() principal: Principal, @UuidParam('id') id: string): Promise<SessionView> {
    return SessionView.of(await this.sessions.revoke(principal, id));
  }
}
