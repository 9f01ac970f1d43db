import { Command } from 'commander';
import { ApiClient } from './api-client';
import { resolveTarget } from './config-store';
import { Column, OutputFormat, render } from './output';

/** What every command needs: the client for the configured control plane and the chosen output format. */
export class CliContext {
  constructor(private readonly program: Command) {}

  get format(): OutputFormat {
    return this.program.opts<{ output: OutputFormat }>().output;
  }

  async client(): Promise<ApiClient> {
    return new ApiClient(await resolveTarget());
  }

  print<T>(data: T | T[], columns: Column<T>[]): void {
    process.stdout.write(render(data, this.format, columns));
  }
}
