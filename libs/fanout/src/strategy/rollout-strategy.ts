import { LabelSelector } from '../common/label-selector';
import { TopologyKey } from '../placement/placement-spec';

/** How many failed clusters a wave tolerates before the rollout halts; the default tolerates none. */
export type FailureThreshold = { maxFailures: number } | { maxFailedPercent: number };

/** What must happen between one wave settling and the next one starting. */
export type WaveGate = { type: 'none' } | { type: 'pause'; seconds: number } | { type: 'approval' };

/** Which of the placed clusters a wave takes; all given filters must match, none given matches every cluster. */
export interface WaveSelector {
  clusters?: readonly string[];
  selector?: LabelSelector;
  clouds?: readonly string[];
  regions?: readonly string[];
  environments?: readonly string[];
}

export interface WaveSpec {
  name: string;
  select?: WaveSelector;
  /** Takes at most this many of the matching clusters. */
  maxClusters?: number;
  /** Takes `count` clusters per domain, e.g. one per cloud: `{ topologyKey: 'cloud', count: 1 }`. */
  perDomain?: { topologyKey: TopologyKey; count: number };
  maxConcurrency?: number;
  failureThreshold?: FailureThreshold;
  /** Gate before the next wave; overrides the strategy's `gateBetweenWaves`. */
  after?: WaveGate;
}

interface CommonStrategy {
  /** Clusters allowed to be applying, waiting for readiness or failed at once across the rollout. */
  maxUnavailableClusters?: number;
  failureThreshold?: FailureThreshold;
  /** Roll every touched cluster back when the rollout halts. */
  rollbackOnHalt?: boolean;
}

export interface AllAtOnceStrategy extends CommonStrategy {
  type: 'AllAtOnce';
  maxConcurrency: number;
}

export interface WavesStrategy extends CommonStrategy {
  type: 'Waves';
  /** Ordered waves; clusters no wave takes form a final `remainder` wave. */
  waves: readonly WaveSpec[];
  /** Default concurrency inside a wave; a wave runs all its clusters at once without it. */
  maxConcurrency?: number;
  gateBetweenWaves?: WaveGate;
}

export type RolloutStrategy = AllAtOnceStrategy | WavesStrategy;

export interface PlannedWave {
  index: number;
  name: string;
  clusterIds: string[];
  maxConcurrency: number;
  /** Failed clusters the wave tolerates; one more halts the rollout. */
  allowedFailures: number;
  /** Gate to pass before the next wave starts. */
  gateAfter: WaveGate;
}

/** A strategy resolved against the placed clusters: the input of the rollout state machine. */
export interface RolloutPlan {
  waves: PlannedWave[];
  maxUnavailableClusters?: number;
  rollbackOnHalt: boolean;
  rollbackConcurrency: number;
}
