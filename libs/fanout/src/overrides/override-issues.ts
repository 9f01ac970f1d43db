import { ErrorDetail } from '../common/fanout-error';
import { formatFieldPath } from '../common/field-path';
import { shapeIssues } from '../common/json-shape';
import { imageRewritesShape, overridesShape } from '../common/spec-shapes';
import { isJsonObject } from '@fleetplane/objects';
import { labelSelectorIssues } from '../common/label-selector';
import { ImageRegistryRewrite, ObjectOverride } from './override-spec';

const operations = ['add', 'remove', 'replace', 'move', 'copy', 'test'];

/** Structural problems of overrides and registry rewrites, independent of any release or cluster. */
export function overrideIssues(
  overrides: readonly ObjectOverride[],
  rewrites: readonly ImageRegistryRewrite[] = [],
): ErrorDetail[] {
  const shaped = [
    ...shapeIssues(overrides, overridesShape, 'overrides'),
    ...shapeIssues(rewrites, imageRewritesShape, 'imageRewrites'),
  ];
  if (shaped.length > 0) return shaped;
  const issues: ErrorDetail[] = [];
  overrides.forEach((override, index) => {
    const at = `overrides[${index}]`;
    const add = (path: string, message: string): void => {
      issues.push({ path: `${at}.${path}`, message });
    };
    const scope = override.scope;
    if (scope.level === 'cloud' && !scope.cloud) add('scope.cloud', 'is required');
    else if (scope.level === 'region' && !scope.region) add('scope.region', 'is required');
    else if (scope.level === 'cluster' && !scope.cluster) add('scope.cluster', 'is required');
    else if (scope.level === 'label') {
      for (const issue of labelSelectorIssues(scope.selector, ['scope', 'selector']))
        add(formatFieldPath(issue.path), issue.message);
    } else if (!['cloud', 'region', 'cluster', 'label'].includes(scope.level))
      add('scope.level', 'must be cloud, region, label or cluster');
    if (!override.target.kind) add('target.kind', 'is required');
    if (!override.target.name) add('target.name', 'is required');
    const patch = override.patch;
    if (patch.type === 'merge') {
      if (!isJsonObject(patch.patch)) add('patch.patch', 'a merge patch must be an object');
    } else if (patch.type === 'json') {
      if (patch.operations.length === 0) add('patch.operations', 'must contain at least one operation');
      patch.operations.forEach((operation, opIndex) => {
        const opAt = `patch.operations[${opIndex}]`;
        if (!operations.includes(operation.op)) add(`${opAt}.op`, `must be one of ${operations.join(', ')}`);
        if (typeof operation.path !== 'string' || !operation.path.startsWith('/'))
          add(`${opAt}.path`, 'must be a JSON pointer starting with "/"');
        if ((operation.op === 'move' || operation.op === 'copy') && !operation.from?.startsWith('/')) {
          add(`${opAt}.from`, 'must be a JSON pointer starting with "/"');
        }
        if (
          (operation.op === 'add' || operation.op === 'replace' || operation.op === 'test') &&
          operation.value === undefined
        ) {
          add(`${opAt}.value`, 'is required');
        }
      });
    } else {
      add('patch.type', 'must be json or merge');
    }
  });
  rewrites.forEach((rewrite, index) => {
    const at = `imageRewrites[${index}]`;
    if (!rewrite.cloud) issues.push({ path: `${at}.cloud`, message: 'is required' });
    const wildcardFrom = rewrite.from.endsWith('/*');
    const wildcardTo = rewrite.to.endsWith('/*');
    if (rewrite.from === '' || rewrite.from.slice(0, -1).includes('*')) {
      issues.push({ path: `${at}.from`, message: 'must be an image name, or a prefix ending in "/*"' });
    }
    if (rewrite.to === '' || rewrite.to.slice(0, -1).includes('*')) {
      issues.push({ path: `${at}.to`, message: 'must be an image name, or a prefix ending in "/*"' });
    }
    if (wildcardFrom !== wildcardTo)
      issues.push({ path: `${at}.to`, message: 'must end in "/*" exactly when from does' });
  });
  return issues;
}
