import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@fleetplane/http';
import { CurrentPrincipal, Keyring, RequireRole, SecretStore, teamPolicy } from '@fleetplane/security';

class KeyUsage {
  @ApiProperty({ example: '3f9a1c0d2b7e4a55' }) keyId: string;
  @ApiProperty({ example: 12 }) secrets: number;
  @ApiProperty({ example: true }) active: boolean;
}

class EncryptionStatusView {
  @ApiProperty({ example: '3f9a1c0d2b7e4a55' }) activeKeyId: string;
  @ApiProperty({ type: [KeyUsage] }) keys: KeyUsage[];
}

class ReencryptionView {
  @ApiProperty({ example: '3f9a1c0d2b7e4a55' }) activeKeyId: string;
  @ApiProperty({ example: 12, description: 'Secrets moved to the active key by this call.' }) reencrypted: number;
}

@ApiTags('encryption')
@Controller('encryption')
export class EncryptionController {
  constructor(
    private readonly keyring: Keyring,
    private readonly secrets: SecretStore,
  ) {}

  @Get()
  @RequireRole('admin')
  @ApiOperation({ summary: 'Which key encrypts new secrets, and how many secrets each key holds' })
  @ApiOkResponse({ type: EncryptionStatusView })
  async status(@CurrentPrincipal() principal: Principal): Promise<EncryptionStatusView> {
    teamPolicy.assertPlatformAdmin(principal, 'manage encryption keys');
    const usage = await this.secrets.countByKey();
    const keys = usage.map(({ keyId, count }) => ({
      keyId,
      secrets: count,
      active: keyId === this.keyring.activeKeyId,
    }));
    if (!keys.some((key) => key.active)) keys.push({ keyId: this.keyring.activeKeyId, secrets: 0, active: true });
    return { activeKeyId: this.keyring.activeKeyId, keys };
  }

  @Post('reencrypt')
  @HttpCode(200)
  @RequireRole('admin')
  @ApiOperation({
    summary: 'Re-encrypt every secret under the active key',
    description:
      'Rotate by starting with the new key in FLEETPLANE_ENCRYPTION_KEY and the old one in FLEETPLANE_PREVIOUS_ENCRYPTION_KEYS, call this, then drop the old key. Safe to repeat.',
  })
  @ApiOkResponse({ type: ReencryptionView })
  async reencrypt(@CurrentPrincipal() principal: Principal): Promise<ReencryptionView> {
    teamPolicy.assertPlatformAdmin(principal, 'manage encryption keys');
    return this.secrets.reencryptAll();
  }
}
