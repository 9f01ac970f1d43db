import { Principal } from '@fleetplane/http';
import { PromotionEntity } from '@fleetplane/persistence';

/**
 * Who the driver acts as when it creates a promotion's deployments: the requester's token, with the
 * operator role a deployment takes, in the promotion's team. Its deployments say who asked for them.
 */
export function promotionPrincipal(promotion: PromotionEntity): Principal {
  return {
    tokenId: promotion.requestedBy.replace(/^token:/, ''),
    tokenName: `promotion ${promotion.id}`,
    actor: promotion.requestedBy,
    team: promotion.team,
    role: 'operator',
  };
}
