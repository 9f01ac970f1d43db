import { ImageMap } from '../manifests/image-map';
import { buildRelease } from '../release/build-release';
import { Release } from '../release/release';
import { shopManifests } from './manifests.fixtures';

export function aRelease(
  options: { manifests?: string; version?: string; imageMap?: ImageMap; application?: string } = {},
): Release {
  return buildRelease({
    application: options.application ?? 'shop',
    version: options.version ?? '1.4.2',
    manifests: options.manifests ?? shopManifests,
    ...(options.imageMap === undefined ? {} : { imageMap: options.imageMap }),
  });
}
