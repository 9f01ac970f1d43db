import { Command, CommanderError, Option } from 'commander';
import { ApiProblemError } from './api-client';
import { CliContext } from './cli-context';
import { registerAuditCommands } from './commands/audit.commands';
import { registerAuthCommands } from './commands/auth.commands';
import { registerBindingCommands } from './commands/bindings.commands';
import { registerClusterCommands } from './commands/clusters.commands';
import { registerDeployCommands } from './commands/deploy.commands';
import { registerPromotionCommands } from './commands/promotion.commands';
import { registerServiceCommands } from './commands/services.commands';
import { registerTeamCommands } from './commands/teams.commands';
import { registerTokenCommands } from './commands/tokens.commands';
import { UsageError } from './config-store';
import { OUTPUT_FORMATS } from './output';

const program = new Command('fleetplane')
  .description('Fleetplane: one control plane for EKS, GKE and AKS clusters')
  .addOption(new Option('-o, --output <format>', 'output format').choices(OUTPUT_FORMATS).default('table'))
  .showHelpAfterError()
  .exitOverride();

const cli = new CliContext(program);
registerAuthCommands(program, cli);
registerTeamCommands(program, cli);
registerTokenCommands(program, cli);
registerAuditCommands(program, cli);
registerClusterCommands(program, cli);
registerDeployCommands(program, cli);
registerServiceCommands(program, cli);
registerBindingCommands(program, cli);
registerPromotionCommands(program, cli);

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  process.stderr.write(describe(error));
  process.exit(error instanceof UsageError ? 2 : 1);
});

/** Errors for people: the server's problem with each wrong field, and the request id to quote. */
function describe(error: unknown): string {
  if (!(error instanceof ApiProblemError)) return `error: ${(error as Error).message}\n`;
  const { problem } = error;
  const fields = (problem.errors ?? []).map((field) => `  ${field.field}: ${field.message}\n`).join('');
  const request = problem.requestId ? `  (request ${problem.requestId})\n` : '';
  return `error: ${error.message}\n${fields}${request}`;
}
