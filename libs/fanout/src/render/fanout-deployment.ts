import { ImageRegistryRewrite, ObjectOverride } from '../overrides/override-spec';
import { PlacementDecision } from '../placement/placement-decision';

/** What rendering needs to know about a deployment: where it goes and how each cluster differs. */
export interface FanoutDeployment {
  /** Stamped as a label value, so at most 63 label-safe characters (a UUID fits). */
  id: string;
  /** Namespace for namespaced objects that set none (the application's default namespace, usually). */
  namespace: string;
  placement: PlacementDecision;
  overrides?: readonly ObjectOverride[];
  imageRewrites?: readonly ImageRegistryRewrite[];
}
