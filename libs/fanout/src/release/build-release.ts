import { ErrorDetail } from '../common/fanout-error';
import { JsonObject } from '@fleetplane/objects';
import { labelValueViolation, nameViolation } from '../common/names';
import { releaseContentHash } from '../manifests/content-hash';
import { ImageMap } from '../manifests/image-map';
import { parseImageReference } from '../manifests/image-reference';
import { ManifestSource, ParseManifestsOptions, parseManifests } from '../manifests/parse-manifests';
import { Release, StoredReleaseVersion } from './release';
import { ReleaseError } from './release.errors';

export interface ReleaseInput {
  application: string;
  version: string;
  manifests: ManifestSource;
  imageMap?: ImageMap;
}

/**
 * Validates and hashes a release. The application name and version become label values on every
 * applied object, so they are held to label rules here rather than failing on a cluster later.
 */
export function buildRelease(input: ReleaseInput, options: ParseManifestsOptions = {}): Release {
  const details: ErrorDetail[] = [];
  const appProblem = nameViolation(input.application, 'dns1123-label');
  if (appProblem !== undefined) details.push({ path: 'application', message: appProblem });
  const versionProblem = input.version === '' ? 'must not be empty' : labelValueViolation(input.version);
  if (versionProblem !== undefined) details.push({ path: 'version', message: versionProblem });
  const imageMap = input.imageMap ?? {};
  details.push(...imageMapIssues(imageMap));
  if (details.length > 0)
    throw new ReleaseError('RELEASE_INVALID', details.map((d) => `${d.path}: ${d.message}`).join('; '), details);

  const objects = parseManifests(input.manifests, options);
  const hashedImageMap: JsonObject = { ...imageMap };
  return {
    application: input.application,
    version: input.version,
    objects,
    imageMap,
    contentHash: releaseContentHash(objects, { imageMap: hashedImageMap }),
  };
}

/**
 * Releases are immutable: re-uploading the same version is accepted only with identical content.
 * Returns 'identical' for an idempotent retry and 'new' when the version does not exist yet.
 */
export function checkReleaseVersion(
  existing: StoredReleaseVersion | undefined,
  candidate: Release,
): 'new' | 'identical' {
  if (existing === undefined) return 'new';
  if (existing.contentHash === candidate.contentHash) return 'identical';
  throw new ReleaseError(
    'RELEASE_CONFLICT',
    `release ${candidate.application}@${candidate.version} already exists with different content`,
    [{ path: 'version', message: `existing content ${existing.contentHash} differs from ${candidate.contentHash}` }],
  );
}

function imageMapIssues(imageMap: ImageMap): ErrorDetail[] {
  return Object.entries(imageMap).flatMap(([name, replacement]): ErrorDetail[] => {
    const path = `imageMap[${JSON.stringify(name)}]`;
    const key = parseImageReference(name);
    if (name === '' || key.tag !== undefined || key.digest !== undefined) {
      return [{ path, message: 'keys must be image names without tag or digest' }];
    }
    if (typeof replacement === 'string') return replacement === '' ? [{ path, message: 'must not be empty' }] : [];
    if (replacement.newName === undefined && replacement.newTag === undefined && replacement.digest === undefined) {
      return [{ path, message: 'must set newName, newTag or digest' }];
    }
    return [];
  });
}
