import { domainErrors } from './domain-error';

/** Strong ETags from a row's version column: any change bumps the version, so the tag changes too. */
export function etagOf(version: number): string {
  return `"${version}"`;
}

/**
 * Honours `If-Match` on updates: absent, the update goes ahead; present and not the current tag, 412,
 * so a client that read a stale copy cannot overwrite someone else's change.
 */
export function assertIfMatch(ifMatch: string | undefined, currentVersion: number): void {
  if (ifMatch === undefined || ifMatch.trim() === '*') return;
  const tags = ifMatch.split(',').map((tag) => tag.trim().replace(/^W\//, ''));
  if (!tags.includes(etagOf(currentVersion))) {
    throw domainErrors.preconditionFailed(
      `The resource has changed (current ETag ${etagOf(currentVersion)}); read it again and retry.`,
    );
  }
}
