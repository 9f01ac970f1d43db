import { NameRule } from '../../common/names';
import { ObjectChecker } from '../object-checker';

export type ObjectScope = 'Namespaced' | 'Cluster';

/** What the control plane knows about one apiVersion/kind: where it lives, how it is named, what it requires. */
export interface KindDefinition {
  apiVersion: string;
  kind: string;
  scope: ObjectScope;
  nameRule: NameRule;
  /** Tighter than the name rule when Kubernetes derives child names from this one (CronJob -> Job). */
  maxNameLength?: number;
  validate(check: ObjectChecker): void;
}
