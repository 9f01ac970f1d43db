import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { SandboxFault } from '../faults/faults';
import { SANDBOX_INFO_FILE } from './serve-command';

export interface FaultCommandOptions {
  cluster: string;
  admin?: string;
  kubeconfigDir?: string;
  latency?: string;
  jitter?: string;
  errorRate?: string;
  errorStatus?: string;
  retryAfter?: string;
  outage?: boolean;
  recover?: boolean;
  slowWatch?: string;
  expiredToken?: boolean;
  clear?: boolean;
}

export async function adminUrlFrom(options: { admin?: string; kubeconfigDir?: string }): Promise<string> {
  if (options.admin) return options.admin.replace(/\/$/, '');
  const infoPath = join(resolve(options.kubeconfigDir ?? '.'), SANDBOX_INFO_FILE);
  const info = JSON.parse(await readFile(infoPath, 'utf8')) as { adminUrl?: string };
  if (!info.adminUrl) throw new Error(`${infoPath} names no admin endpoint`);
  return info.adminUrl;
}

function faultFrom(options: FaultCommandOptions): SandboxFault {
  const number = (text: string | undefined): number | undefined => (text === undefined ? undefined : Number(text));
  const fault: SandboxFault = {
    latencyMs: number(options.latency),
    jitterMs: number(options.jitter),
    errorRate: number(options.errorRate),
    errorStatus: number(options.errorStatus) as SandboxFault['errorStatus'],
    retryAfterSeconds: number(options.retryAfter),
    slowWatchMs: number(options.slowWatch),
    ...(options.outage ? { outage: true } : {}),
    ...(options.recover ? { outage: false } : {}),
    ...(options.expiredToken ? { expiredToken: true } : {}),
  };
  return Object.fromEntries(Object.entries(fault).filter(([, value]) => value !== undefined));
}

/** `sandbox fault --cluster NAME ...`: sets (or with --clear removes) faults through the admin endpoint. */
export async function runFaultCommand(options: FaultCommandOptions): Promise<void> {
  const base = await adminUrlFrom(options);
  const url = `${base}/clusters/${encodeURIComponent(options.cluster)}/faults`;
  const response = options.clear
    ? await fetch(url, { method: 'DELETE' })
    : await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(faultFrom(options)),
      });
  const body = await response.text();
  if (!response.ok) throw new Error(`admin endpoint answered ${response.status}: ${body}`);
  console.log(`${options.cluster} faults: ${body}`);
}

/** `sandbox requests --cluster NAME`: prints the cluster's request log (or clears it). */
export async function runRequestsCommand(options: {
  cluster: string;
  admin?: string;
  kubeconfigDir?: string;
  clear?: boolean;
}): Promise<void> {
  const base = await adminUrlFrom(options);
  const url = `${base}/clusters/${encodeURIComponent(options.cluster)}/requests`;
  const response = await fetch(url, { method: options.clear ? 'DELETE' : 'GET' });
  const entries = (await response.json()) as Array<{
    time: string;
    method: string;
    path: string;
    status: number;
    latencyMs: number;
  }>;
  for (const entry of entries)
    console.log(`${entry.time} ${entry.method} ${entry.path} ${entry.status} ${entry.latencyMs}ms`);
}
