import { ErrorDetail } from '../common/fanout-error';
import { ManifestErrorCode } from '../manifests/manifest.errors';
import { ParseManifestsOptions } from '../manifests/parse-manifests';
import { ReleaseInput } from './build-release';
import { Release } from './release';
import { ReleaseErrorCode } from './release.errors';

/** What the pool posts to a worker thread: the arguments of one buildRelease call. */
export interface BuildRequest {
  input: ReleaseInput;
  options: ParseManifestsOptions;
}

/** The FanoutError a release was refused with, as data (a class does not cross threads), by its class. */
export type Refusal = { message: string; details: readonly ErrorDetail[] } & (
  | { source: 'release'; code: ReleaseErrorCode }
  | { source: 'manifest'; code: ManifestErrorCode }
  | { source: 'fanout'; code: string }
);

/** What a worker answers: the release, why it was refused, or how the build itself failed. */
export type BuildReply =
  { kind: 'built'; release: Release } | { kind: 'refused'; error: Refusal } | { kind: 'failed'; message: string };
