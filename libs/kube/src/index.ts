export type { LiveObject, ObjectCondition } from './readiness/live-object';
export type { Readiness, ReadinessInput, ReadinessState } from './readiness/readiness';
export { evaluateReadiness } from './readiness/evaluate-readiness';
export type { DriftedField, DriftOptions } from './drift/detect-drift';
export { detectDrift } from './drift/detect-drift';
export { quantityValue } from './drift/quantity';
