import { GateResult } from '../gate-result';
import { CheckOptions } from './check-options';
import { VerificationCheckSpec } from './check-spec';
import { HttpCheckEvidence, runHttpCheck } from './http-check';
import { MetricsCheckEvidence, runMetricsCheck } from './metrics-check';

/** Runs one verification check by its kind; the contracts are runHttpCheck's and runMetricsCheck's. */
export function runVerificationCheck(
  spec: VerificationCheckSpec,
  options: CheckOptions,
): Promise<GateResult<HttpCheckEvidence | MetricsCheckEvidence>> {
  switch (spec.kind) {
    case 'http':
      return runHttpCheck(spec, options);
    case 'metrics':
      return runMetricsCheck(spec, options);
  }
}
