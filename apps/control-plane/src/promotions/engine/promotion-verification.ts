import { Injectable } from '@nestjs/common';
import { GateResult, runVerificationCheck } from '@fleetplane/promotion';
import { StoredVerificationCheck } from '@fleetplane/persistence';

/** Runs a stage's verification checks one after another, each result with its evidence. */
@Injectable()
export class PromotionVerification {
  async run(checks: readonly StoredVerificationCheck[], signal: AbortSignal): Promise<GateResult[]> {
    const results: GateResult[] = [];
    for (const check of checks) {
      if (signal.aborted) break;
      const result = await runVerificationCheck(check, { signal }).catch((error: unknown) => {
        if (signal.aborted) return undefined;
        throw error;
      });
      if (result) results.push({ ...result, reason: `${check.name}: ${result.reason}` });
    }
    return results;
  }
}
