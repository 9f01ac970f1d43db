import { Injectable, Logger } from '@nestjs/common';
import { DomainError } from '@fleetplane/http';
import { isTerminalPromotionState } from '@fleetplane/promotion';
import { PromotionEntity } from '@fleetplane/persistence';
import { DeploymentDeploys } from './deployment-deploys';
import { PromotionGates } from './promotion-gates';
import { PromotionKicker } from './promotion-kicker';
import { LoadedPromotion, PromotionMoved, PromotionStore } from './promotion-store';
import { PromotionVerification } from './promotion-verification';

/** How long the driver waits before looking again at a promotion that waits (a soak, its deployments). */
const RECHECK_MS = 1_000;

/** What one step left to do: step again at once, wait a while and step again, or stop driving. */
type Next = 'again' | 'wait' | 'stop';

/**
 * Drives one promotion, step by step, from whatever state it is stored in: a replica that crashed
 * mid-promotion left it in a state this resumes from (a deployment already created is found by its item,
 * never created twice).
 */
@Injectable()
export class PromotionRunner {
  private readonly logger = new Logger(PromotionRunner.name);

  constructor(
    private readonly store: PromotionStore,
    private readonly gates: PromotionGates,
    private readonly deploys: DeploymentDeploys,
    private readonly verification: PromotionVerification,
    private readonly kicker: PromotionKicker,
  ) {}

  async drive(id: string, holder: string, signal: AbortSignal): Promise<void> {
    try {
      while (!signal.aborted) {
        const loaded = await this.store.load(id);
        const next = await this.step(loaded, holder, signal);
        if (next === 'stop') return;
        if (next === 'wait') await this.kicker.wait(RECHECK_MS, signal);
      }
    } catch (error) {
      // A person cancelled, or another replica took over: nothing of this step was written.
      if (error instanceof PromotionMoved) return this.logger.debug({ promotion: id }, error.message);
      throw error;
    }
  }

  private async step(loaded: LoadedPromotion, holder: string, signal: AbortSignal): Promise<Next> {
    const { promotion } = loaded;
    const state = promotion.state;
    if (isTerminalPromotionState(state)) return 'stop';
    switch (state) {
      case 'Pending':
        await this.store.move(promotion, 'CheckingGates', 'checking gates', holder);
        return 'again';
      case 'CheckingGates':
      case 'AwaitingApproval':
        return this.checkGates(loaded, holder);
      case 'Deploying':
        return this.deploy(loaded, holder);
      case 'Verifying':
        return this.verify(loaded, holder, signal);
      default:
        return 'stop';
    }
  }

  private async checkGates(loaded: LoadedPromotion, holder: string): Promise<Next> {
    const { promotion } = loaded;
    const now = new Date();
    const verdict = await this.gates.evaluate(loaded, now);
    const gateResults = verdict.results;
    if (verdict.status === 'failed') {
      await this.store.move(promotion, 'Rejected', verdict.reason, holder, { gateResults });
      return 'stop';
    }
    if (verdict.status === 'passed') {
      await this.store.move(promotion, 'Deploying', 'gates passed; deploying', holder, { gateResults });
      return 'again';
    }
    if (expired(promotion, now)) {
      const reason = `not approved within ${promotion.gates.approvals!.ttlSeconds}s: ${verdict.reason}`;
      await this.store.move(promotion, 'Expired', reason, holder, { gateResults });
      return 'stop';
    }
    if (!verdict.awaitingApproval) {
      await this.store.note(promotion, verdict.reason, gateResults, holder);
      return 'wait';
    }
    if (promotion.state !== 'AwaitingApproval')
      await this.store.move(promotion, 'AwaitingApproval', verdict.reason, holder, { gateResults });
    else await this.store.note(promotion, verdict.reason, gateResults, holder);
    return (await this.store.park(promotion, loaded.approvals.length, holder)) ? 'stop' : 'again';
  }

  private async deploy(loaded: LoadedPromotion, holder: string): Promise<Next> {
    const { promotion } = loaded;
    try {
      await this.deploys.start(loaded);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      // The deployment was refused before anything was applied: its own words are the promotion's outcome.
      await this.store.move(promotion, 'Failed', `deployment refused: ${describe(error)}`, holder);
      return 'stop';
    }
    const progress = await this.deploys.progress(loaded);
    if (progress.failed) {
      await this.store.move(promotion, 'Failed', progress.failed, holder);
      return 'stop';
    }
    if (!progress.done) return 'wait';
    if (promotion.gates.verification?.length) {
      await this.store.move(promotion, 'Verifying', 'deployed; verifying', holder);
      return 'again';
    }
    await this.succeed(loaded, holder);
    return 'stop';
  }

  private async verify(loaded: LoadedPromotion, holder: string, signal: AbortSignal): Promise<Next> {
    const { promotion } = loaded;
    const round = promotion.verificationRound;
    const results = await this.verification.run(promotion.gates.verification ?? [], signal);
    if (signal.aborted) return 'stop';
    if ((await this.store.load(promotion.id)).promotion.verificationRound !== round) return 'again';
    const gateResults = [...promotion.gateResults.filter((result) => !isVerification(result.gate)), ...results];
    const failed = results.filter((result) => result.status !== 'passed');
    if (failed.length === 0) {
      await this.succeed({ ...loaded, promotion: Object.assign(promotion, { gateResults }) }, holder);
      return 'stop';
    }
    const rolledBack = promotion.gates.rollbackOnFailure ? await this.deploys.rollBack(loaded) : [];
    const reason = [
      `verification failed: ${failed.map((result) => result.reason).join('; ')}`,
      ...(rolledBack.length > 0 ? [`rolling ${loaded.to.name} back: ${rolledBack.join(', ')}`] : []),
    ].join('; ');
    await this.store.move(promotion, 'Failed', reason, holder, { gateResults });
    return 'stop';
  }

  /** The outcome and the environment's current releases, in one transaction. */
  private async succeed(loaded: LoadedPromotion, holder: string): Promise<void> {
    const { promotion, to, items } = loaded;
    await this.store.move(promotion, 'Succeeded', `promoted into ${to.name}`, holder, {
      gateResults: promotion.gateResults,
      alongside: (manager) => this.deploys.recordReleases(manager, promotion, to, items),
    });
  }
}

function expired(promotion: PromotionEntity, now: Date): boolean {
  const ttl = promotion.gates.approvals?.ttlSeconds;
  return ttl !== undefined && now.getTime() >= promotion.createdAt.getTime() + ttl * 1000;
}

function isVerification(gate: string): boolean {
  return gate === 'http' || gate === 'metrics';
}

function describe(error: DomainError): string {
  const fields = (error.options.fields ?? []).map((field) => `${field.field} ${field.message}`);
  return [error.message, ...fields].join('; ');
}
