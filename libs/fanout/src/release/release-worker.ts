import { parentPort } from 'node:worker_threads';
import { FanoutError } from '../common/fanout-error';
import { ManifestError } from '../manifests/manifest.errors';
import { buildRelease } from './build-release';
import { BuildReply, BuildRequest, Refusal } from './release-build-messages';
import { ReleaseError } from './release.errors';

// The entry of a ReleaseBuildPool thread: builds one release per message and answers with plain data.
parentPort?.on('message', (request: BuildRequest) => parentPort?.postMessage(reply(request)));

function reply({ input, options }: BuildRequest): BuildReply {
  try {
    return { kind: 'built', release: buildRelease(input, options) };
  } catch (error) {
    if (error instanceof FanoutError) return { kind: 'refused', error: refusalOf(error) };
    return { kind: 'failed', message: error instanceof Error ? error.message : 'the release build failed' };
  }
}

function refusalOf(error: FanoutError): Refusal {
  const { message, details } = error;
  if (error instanceof ReleaseError) return { source: 'release', code: error.code, message, details };
  if (error instanceof ManifestError) return { source: 'manifest', code: error.code, message, details };
  return { source: 'fanout', code: error.code, message, details };
}
