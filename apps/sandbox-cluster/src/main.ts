import { Command } from 'commander';
import { runFaultCommand, runRequestsCommand } from './cli/fault-command';
import { serve } from './cli/serve-command';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

const program = new Command('sandbox').description(
  'Simulated Kubernetes clusters on 127.0.0.1 for demos, tests and benchmarks',
);

program
  .command('serve', { isDefault: true })
  .description('start N clusters, write DIR/<name>.kubeconfig for each, run until SIGTERM')
  .option('--clusters <n>', 'number of clusters (named sandbox-1..N)', '3')
  .requiredOption('--kubeconfig-dir <dir>', 'where to write the kubeconfigs and sandbox.json')
  .option('--names <a,b,c>', 'cluster names (overrides --clusters)')
  .option('--labels <k=v,...>', 'labels for every cluster (cloud and region default per cluster)')
  .option('--cluster-labels <name:k=v,...>', 'labels for one cluster (repeatable)', collect, [])
  .option('--capacity <cpu=..,memory=..,pods=..>', 'node capacity of every cluster')
  .option('--state-file <file>', 'persist objects here and restore them on start')
  .option('--admin-port <port>', 'admin endpoint port (0 = any free port)', '0')
  .option('--pod-start-ms <ms>', 'time a pod spends in ContainerCreating')
  .option('--pod-ready-ms <ms>', 'time from Running to Ready')
  .option('--progress-deadline-ms <ms>', 'override every Deployment progress deadline')
  .action(serve);

program
  .command('fault')
  .description('inject faults into a running sandbox cluster (merged with the active ones)')
  .requiredOption('--cluster <name>', 'cluster name')
  .option('--kubeconfig-dir <dir>', 'the running sandbox kubeconfig dir (to find its admin endpoint)', '.')
  .option('--admin <url>', 'admin endpoint URL (instead of --kubeconfig-dir)')
  .option('--latency <ms>', 'fixed latency per request')
  .option('--jitter <ms>', 'random extra latency per request, up to this')
  .option('--error-rate <0..1>', 'fraction of requests that fail')
  .option('--error-status <500|429>', 'status of injected failures')
  .option('--retry-after <seconds>', 'Retry-After of injected 429s')
  .option('--outage', 'stop listening (connection refused)')
  .option('--recover', 'end an outage')
  .option('--slow-watch <ms>', 'delay before each watch event')
  .option('--expired-token', 'answer every request 401 Unauthorized')
  .option('--clear', 'remove every fault (and end an outage)')
  .action(runFaultCommand);

program
  .command('requests')
  .description("print a cluster's request log")
  .requiredOption('--cluster <name>', 'cluster name')
  .option('--kubeconfig-dir <dir>', 'the running sandbox kubeconfig dir', '.')
  .option('--admin <url>', 'admin endpoint URL')
  .option('--clear', 'clear the log instead')
  .action(runRequestsCommand);

program.parseAsync().catch((error: Error) => {
  console.error(`sandbox: ${error.message}`);
  process.exit(1);
});
