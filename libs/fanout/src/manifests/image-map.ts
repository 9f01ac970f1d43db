import { ImageReference, canonicalImageName, formatImageReference, parseImageReference } from './image-reference';
import { KubeObject } from '@fleetplane/objects';
import { rewriteImages } from './pod-images';

/** Replacement for one image: a full reference, or the parts to change (kustomize `images:` semantics). */
export type ImageReplacement = string | { newName?: string; newTag?: string; digest?: string };

/** Release-level image overrides keyed by image name without tag (`ghcr.io/acme/api`, `nginx`). */
export type ImageMap = Readonly<Record<string, ImageReplacement>>;

export function applyImageMap(objects: readonly KubeObject[], imageMap: ImageMap): KubeObject[] {
  const byName = new Map(
    Object.entries(imageMap).map(([name, replacement]) => [canonicalImageName(name), replacement]),
  );
  if (byName.size === 0) return [...objects];
  return objects.map((object) =>
    rewriteImages(object, (image) => {
      const reference = parseImageReference(image);
      const replacement = byName.get(canonicalImageName(reference.name));
      return replacement === undefined ? image : formatImageReference(replace(reference, replacement));
    }),
  );
}

function replace(reference: ImageReference, replacement: ImageReplacement): ImageReference {
  if (typeof replacement === 'string') {
    const parsed = parseImageReference(replacement);
    return parsed.tag === undefined && parsed.digest === undefined ? { ...reference, name: parsed.name } : parsed;
  }
  const result: ImageReference = { name: replacement.newName ?? reference.name };
  const tag = replacement.newTag ?? reference.tag;
  if (tag !== undefined) result.tag = tag;
  // A new tag invalidates the old digest, which pinned the previous content.
  const digest = replacement.digest ?? (replacement.newTag === undefined ? reference.digest : undefined);
  if (digest !== undefined) result.digest = digest;
  return result;
}
