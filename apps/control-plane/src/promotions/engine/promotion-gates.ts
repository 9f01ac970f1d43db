import { Injectable } from '@nestjs/common';
import { GateResult, evaluateApprovals, evaluateSoak, gateResult } from '@fleetplane/promotion';
import { ApplicationEntity, ReleaseEntity, rowsById } from '@fleetplane/persistence';
import { DataSource } from 'typeorm';
import { healthHistory } from '../promotions/environment-runs';
import { LoadedPromotion } from './promotion-store';

/** The gates before deploying, and what they decide together. */
export interface GateVerdict {
  results: GateResult[];
  /** failed: a gate refused for good; pending: something still waits; passed: deploy. */
  status: 'passed' | 'pending' | 'failed';
  /** Only the approvals wait (people must act; the driver can park the promotion). */
  awaitingApproval: boolean;
  reason: string;
}

/** Evaluates soak (per application, in the source environment) and approvals, each with its evidence. */
@Injectable()
export class PromotionGates {
  constructor(private readonly dataSource: DataSource) {}

  async evaluate(loaded: LoadedPromotion, now: Date): Promise<GateVerdict> {
    const soak = await this.soakResults(loaded, now);
    const approvals = this.approvalResult(loaded, now);
    const results = [...soak, ...(approvals ? [approvals] : [])];
    const failed = results.find((result) => result.status === 'failed');
    const pending = results.filter((result) => result.status === 'pending');
    const status = failed ? 'failed' : pending.length > 0 ? 'pending' : 'passed';
    return {
      results,
      status,
      awaitingApproval: pending.length > 0 && pending.every((result) => result.gate === 'approvals'),
      reason: failed?.reason ?? pending.map((result) => result.reason).join('; ') ?? '',
    };
  }

  private async soakResults(loaded: LoadedPromotion, now: Date): Promise<GateResult[]> {
    const { promotion, from, items } = loaded;
    const required = promotion.gates.soakSeconds;
    if (!required) return [];
    if (promotion.force)
      return [
        gateResult(
          'soak',
          'passed',
          `skipped: forced by an admin (${promotion.force.reason})`,
          { forced: promotion.force },
          now,
        ),
      ];
    const applications = await rowsById(
      this.dataSource,
      ApplicationEntity,
      items.map((item) => item.applicationId),
    );
    const releases = await rowsById(
      this.dataSource,
      ReleaseEntity,
      items.map((item) => item.releaseId),
    );
    return Promise.all(
      items.map(async (item) => {
        const history = await healthHistory(
          this.dataSource,
          item.applicationId,
          item.releaseId,
          from.bindingsEnvironment,
        );
        const result = evaluateSoak(history, required, now);
        const subject = `${applications.get(item.applicationId)!.name} ${releases.get(item.releaseId)!.version} in ${from.name}`;
        return { ...result, reason: `${subject}: ${result.reason}` };
      }),
    );
  }

  private approvalResult(loaded: LoadedPromotion, now: Date): GateResult | undefined {
    const policy = loaded.promotion.gates.approvals;
    if (!policy) return undefined;
    const decisions = loaded.approvals.map((approval) => ({
      approver: approval.approver,
      role: approval.role,
      decision: approval.decision,
      comment: approval.comment || undefined,
      at: approval.at,
    }));
    return evaluateApprovals(policy, decisions, { requester: loaded.promotion.requestedBy, now });
  }
}
