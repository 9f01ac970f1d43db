import { ImageMap } from '../manifests/image-map';
import { KubeObject } from '@fleetplane/objects';

/** An immutable, validated release: what the control plane may put on clusters for one application version. */
export interface Release {
  application: string;
  version: string;
  /** Validated objects in document order, exactly as uploaded (the image map is applied at render time). */
  objects: readonly KubeObject[];
  imageMap: ImageMap;
  /** `sha256:` hash of objects and image map; equal content always hashes equal. */
  contentHash: string;
}

/** What the persistence layer already holds for an application version, if anything. */
export interface StoredReleaseVersion {
  version: string;
  contentHash: string;
}
