import { badRequest } from '../api/api-error';
import { ClusterApi } from '../api/cluster-api';
import { ResourceType } from '../api/resource-catalog';
import { JsonObject, KubeObject, isJsonObject } from '../api/types';
import { ApiResponse } from './exchange';

const STREAMING = new Set(['exec', 'attach', 'portforward']);

export function isPodSubresource(type: ResourceType, subresource: string | undefined): boolean {
  return type.builtIn && type.kind === 'Pod' && (subresource === 'log' || STREAMING.has(subresource ?? ''));
}

/**
 * pods/log answers a simulated, deterministic log; pods/exec, attach and portforward are refused:
 * the sandbox has no containers to stream to, and says so with a 400 Status before any upgrade.
 */
export function servePodSubresource(
  api: ClusterApi,
  type: ResourceType,
  namespace: string | undefined,
  name: string,
  subresource: string,
  query: URLSearchParams,
  response: ApiResponse,
): void {
  const pod = api.get(type, namespace, name);
  if (STREAMING.has(subresource)) {
    throw badRequest(
      `the sandbox does not stream to containers: pods/${subresource} is not supported for pod "${name}" (sandbox clusters run no container runtime)`,
    );
  }
  const lines = podLog(pod, query);
  response.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private' });
  response.end(lines.map((line) => `${line}\n`).join(''));
}

function podLog(pod: KubeObject, query: URLSearchParams): string[] {
  const podName = pod.metadata.name!;
  const containers = Array.isArray(pod.spec?.containers) ? pod.spec.containers.filter(isJsonObject) : [];
  const requested = query.get('container');
  if (!requested && containers.length > 1) {
    const names = containers.map((container) => String(container.name)).join(' ');
    throw badRequest(`a container name must be specified for pod ${podName}, choose one of: [${names}]`);
  }
  const container = requested ? containers.find((candidate) => candidate.name === requested) : containers[0];
  if (!container) throw badRequest(`container ${requested} is not valid for pod ${podName}`);
  const containerName = String(container.name);
  const statuses = Array.isArray(pod.status?.containerStatuses)
    ? pod.status.containerStatuses.filter(isJsonObject)
    : [];
  const status = statuses.find((candidate) => candidate.name === containerName) ?? {};
  const state = isJsonObject(status.state) ? status.state : {};
  const lastState = isJsonObject(status.lastState) ? status.lastState : {};
  const image = String(container.image);
  const intro = `sandbox: container "${containerName}" of pod ${pod.metadata.namespace}/${podName} started from image ${image}`;
  let lines: string[];
  if (query.get('previous') === 'true') {
    if (!isJsonObject(lastState.terminated))
      throw badRequest(`previous terminated container "${containerName}" in pod "${podName}" not found`);
    lines = crashLog(intro, lastState.terminated);
  } else if (isJsonObject(state.waiting) && !isJsonObject(lastState.terminated)) {
    throw badRequest(
      `container "${containerName}" in pod "${podName}" is waiting to start: ${waitingMessage(state.waiting)}`,
    );
  } else if (isJsonObject(state.waiting) && isJsonObject(lastState.terminated)) {
    lines = crashLog(intro, lastState.terminated);
  } else if (!isJsonObject(state.running) && !isJsonObject(state.terminated)) {
    throw badRequest(`container "${containerName}" in pod "${podName}" is waiting to start: ContainerCreating`);
  } else {
    lines = [intro, `sandbox: ${containerName} is serving (simulated)`];
    if (isJsonObject(state.terminated))
      lines.push(`sandbox: ${containerName} finished with exit code ${String(state.terminated.exitCode ?? 0)}`);
  }
  return tail(lines, query.get('tailLines'));
}

function crashLog(intro: string, terminated: JsonObject): string[] {
  return [
    intro,
    'sandbox: simulated crash (the image tag says "crashloop")',
    `exit code ${String(terminated.exitCode ?? 1)}`,
  ];
}

function waitingMessage(waiting: JsonObject): string {
  return waiting.reason === 'ImagePullBackOff' || waiting.reason === 'ErrImagePull'
    ? 'trying and failing to pull image'
    : String(waiting.reason ?? 'ContainerCreating');
}

function tail(lines: string[], tailLines: string | null): string[] {
  if (tailLines === null) return lines;
  const count = Number(tailLines);
  if (!Number.isInteger(count) || count < 0) throw badRequest(`invalid tailLines: ${tailLines}`);
  return count === 0 ? [] : lines.slice(-count);
}
