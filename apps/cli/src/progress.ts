import { terminalDeploymentStates } from '@fleetplane/fanout';

export interface TargetProgress {
  cluster: string;
  cloud: string;
  wave: number;
  state: string;
  lastError: string;
}

const DONE = new Set(['Ready', 'Failed', 'Skipped', 'RolledBack', 'RollbackFailed']);
const BAR_WIDTH = 20;
const STEPS: Record<string, number> = {
  Pending: 0,
  Applying: 0.3,
  WaitingReady: 0.65,
  RollingBack: 0.5,
  Ready: 1,
  Failed: 1,
  Skipped: 1,
  RolledBack: 1,
  RollbackFailed: 1,
};

/**
 * Live per-cluster progress: on a terminal, one line per cluster with a bar, redrawn in place; elsewhere
 * (CI logs, pipes), one plain line per change, so the output reads well as a log.
 */
export class ProgressPrinter {
  private readonly lastState = new Map<string, string>();
  private drawnLines = 0;

  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly interactive = Boolean(out.isTTY),
  ) {}

  /** The line that says what is followed, first, so the id is at hand to approve, pause or cancel it. */
  begin(heading: string): void {
    this.out.write(this.interactive ? `${heading}\n` : `${new Date().toISOString()} ${heading}\n`);
  }

  /**
   * Progress while the deployment runs. A final deployment state is not shown here but by {@link finish}:
   * the events that end a deployment may arrive before those of its last clusters, and the verdict must be
   * the last thing printed.
   */
  update(deploymentState: string, reason: string, targets: TargetProgress[]): void {
    if (this.interactive) this.redraw(deploymentState, reason, targets);
    else this.log(isFinalDeployment(deploymentState) ? undefined : { deploymentState, reason }, targets);
  }

  /** The verdict, after every cluster's last state: call it once, with the final view of the deployment. */
  finish(deploymentState: string, reason: string, targets: TargetProgress[]): void {
    if (this.interactive) this.redraw(deploymentState, reason, targets);
    else this.log({ deploymentState, reason }, targets);
  }

  private redraw(deploymentState: string, reason: string, targets: TargetProgress[]): void {
    const width = Math.max(...targets.map((t) => t.cluster.length), 7);
    const lines = [
      ...targets.map(
        (t) =>
          `  ${t.cluster.padEnd(width)}  ${bar(t.state)}  ${t.state}${t.lastError && t.state !== 'Ready' ? `  ${t.lastError.slice(0, 80)}` : ''}`,
      ),
      `deployment ${deploymentState}: ${reason}`,
    ];
    if (this.drawnLines > 0) this.out.write(`\x1b[${this.drawnLines}A`);
    this.out.write(lines.map((line) => `\x1b[2K${line}\n`).join(''));
    this.drawnLines = lines.length;
  }

  /** Clusters first, then the deployment's line: a cluster's change is what moved the deployment. */
  private log(deployment: { deploymentState: string; reason: string } | undefined, targets: TargetProgress[]): void {
    for (const target of targets) {
      if (this.lastState.get(target.cluster) === target.state) continue;
      this.lastState.set(target.cluster, target.state);
      const error = target.lastError && target.state !== 'Ready' ? ` (${target.lastError})` : '';
      this.out.write(
        `${new Date().toISOString()} ${target.cluster} ${target.cloud} wave ${target.wave}: ${target.state}${error}\n`,
      );
    }
    if (!deployment) return;
    const key = `deployment:${deployment.deploymentState}:${deployment.reason}`;
    if (this.lastState.has(key)) return;
    this.lastState.set(key, deployment.deploymentState);
    this.out.write(`${new Date().toISOString()} deployment ${deployment.deploymentState}: ${deployment.reason}\n`);
  }
}

function isFinalDeployment(state: string): boolean {
  return terminalDeploymentStates.some((final) => final === state);
}

export function isSettled(state: string): boolean {
  return DONE.has(state);
}

function bar(state: string): string {
  const filled = Math.round((STEPS[state] ?? 0) * BAR_WIDTH);
  return `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}]`;
}
