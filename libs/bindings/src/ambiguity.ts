import type { BindingScope } from './binding-model';
import { describeScope, scopeKey } from './scope';
import { selectorsCanOverlap } from './selector-overlap';

/** A binding of one name, as the ambiguity check sees it. */
export interface ScopedBinding {
  id: string;
  scope: BindingScope;
}

export interface BindingConflict {
  /** The binding being written. */
  candidate: ScopedBinding;
  /** The existing binding it would tie with. */
  existing: ScopedBinding;
  message: string;
}

/**
 * Whether two scopes of the same level can both match one cluster: the same scope, or two label
 * selectors some cluster's labels satisfy together. Scopes of different levels never tie: the more
 * specific one wins.
 */
export function scopesTie(left: BindingScope, right: BindingScope): boolean {
  if (left.level !== right.level) return false;
  if (left.level === 'labels' && right.level === 'labels') return selectorsCanOverlap(left.selector, right.selector);
  return scopeKey(left) === scopeKey(right);
}

/**
 * The existing bindings of the same name that `candidate` would be ambiguous with, each named. The
 * binding `candidate` replaces (same id) is not a conflict. Called at write time, so resolution never
 * meets two equally specific matches.
 */
export function bindingConflicts(candidate: ScopedBinding, existing: readonly ScopedBinding[]): BindingConflict[] {
  return existing
    .filter((other) => other.id !== candidate.id && scopesTie(candidate.scope, other.scope))
    .map((other) => ({
      candidate,
      existing: other,
      message: `scope ${describeScope(candidate.scope)} is as specific as the existing binding ${other.id} (scope ${describeScope(other.scope)}) and both can match one cluster`,
    }));
}
