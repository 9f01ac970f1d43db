/** A container image reference split the way registries read it: `name[:tag][@digest]`. */
export interface ImageReference {
  name: string;
  tag?: string;
  digest?: string;
}

export function parseImageReference(image: string): ImageReference {
  const at = image.indexOf('@');
  const withoutDigest = at < 0 ? image : image.slice(0, at);
  const digest = at < 0 ? undefined : image.slice(at + 1);
  const colon = withoutDigest.lastIndexOf(':');
  // A colon before the last slash is a registry port (localhost:5000/app), not a tag.
  const hasTag = colon > withoutDigest.lastIndexOf('/');
  const reference: ImageReference = { name: hasTag ? withoutDigest.slice(0, colon) : withoutDigest };
  if (hasTag) reference.tag = withoutDigest.slice(colon + 1);
  if (digest !== undefined) reference.digest = digest;
  return reference;
}

export function formatImageReference(reference: ImageReference): string {
  return `${reference.name}${reference.tag === undefined ? '' : `:${reference.tag}`}${reference.digest === undefined ? '' : `@${reference.digest}`}`;
}

/** `nginx` and `docker.io/library/nginx` name the same repository; compare images in this form. */
export function canonicalImageName(name: string): string {
  const slash = name.indexOf('/');
  const first = slash < 0 ? '' : name.slice(0, slash);
  const hasRegistry = first.includes('.') || first.includes(':') || first === 'localhost';
  if (hasRegistry) return first === 'index.docker.io' ? `docker.io${name.slice(first.length)}` : name;
  return slash < 0 ? `docker.io/library/${name}` : `docker.io/${name}`;
}
