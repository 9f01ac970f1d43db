import { canonicalImageName, formatImageReference, parseImageReference } from '../manifests/image-reference';
import { KubeObject } from '@fleetplane/objects';
import { rewriteImages } from '../manifests/pod-images';
import { ClusterCandidate } from '../placement/cluster-candidate';
import { ImageRegistryRewrite } from './override-spec';

/** Points images at the registry of the cluster's cloud (ECR, Artifact Registry, ACR), keeping tags and digests. */
export function rewriteRegistries(
  objects: readonly KubeObject[],
  rewrites: readonly ImageRegistryRewrite[],
  cluster: ClusterCandidate,
): KubeObject[] {
  const applicable = rewrites.filter((rewrite) => rewrite.cloud === cluster.cloud);
  if (applicable.length === 0) return [...objects];
  return objects.map((object) =>
    rewriteImages(object, (image) => {
      const reference = parseImageReference(image);
      for (const rewrite of applicable) {
        const name = rewrittenName(reference.name, rewrite);
        if (name !== undefined) return formatImageReference({ ...reference, name });
      }
      return image;
    }),
  );
}

function rewrittenName(name: string, rewrite: ImageRegistryRewrite): string | undefined {
  for (const candidate of new Set([name, canonicalImageName(name)])) {
    if (!rewrite.from.endsWith('/*')) {
      if (candidate === rewrite.from) return rewrite.to;
      continue;
    }
    const prefix = rewrite.from.slice(0, -1);
    if (candidate.startsWith(prefix) && candidate.length > prefix.length) {
      return rewrite.to.slice(0, -1) + candidate.slice(prefix.length);
    }
  }
  return undefined;
}
