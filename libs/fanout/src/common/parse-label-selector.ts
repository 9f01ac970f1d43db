import type { LabelSelector, LabelSelectorRequirement } from './label-selector';

export class LabelSelectorSyntaxError extends Error {}

/**
 * Parses kubectl's selector syntax (`tier=web,env in (prod,staging),!legacy,zone`) into a
 * LabelSelector: `=`/`==` become matchLabels, `!=` becomes NotIn, bare keys Exists, `!key` DoesNotExist.
 */
export function parseLabelSelector(text: string): LabelSelector {
  const matchLabels: Record<string, string> = {};
  const matchExpressions: LabelSelectorRequirement[] = [];
  for (const term of splitTerms(text)) {
    const set = term.match(/^([^\s!=(),]+)\s+(in|notin)\s+\(([^()]*)\)$/);
    if (set) {
      const values = set[3].split(',').map((value) => value.trim());
      if (values.some((value) => value === '')) throw new LabelSelectorSyntaxError(`empty value in "${term}"`);
      matchExpressions.push({ key: set[1], operator: set[2] === 'in' ? 'In' : 'NotIn', values });
      continue;
    }
    const comparison = term.match(/^([^\s!=(),]+)\s*(==|=|!=)\s*([^\s!=(),]*)$/);
    if (comparison) {
      if (comparison[2] === '!=')
        matchExpressions.push({ key: comparison[1], operator: 'NotIn', values: [comparison[3]] });
      else matchLabels[comparison[1]] = comparison[3];
      continue;
    }
    const existence = term.match(/^(!?)([^\s!=(),]+)$/);
    if (existence) {
      matchExpressions.push({ key: existence[2], operator: existence[1] ? 'DoesNotExist' : 'Exists' });
      continue;
    }
    throw new LabelSelectorSyntaxError(`cannot parse "${term}"`);
  }
  return { matchLabels, matchExpressions };
}

/** Splits on commas outside parentheses. */
function splitTerms(text: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (depth < 0) throw new LabelSelectorSyntaxError('unbalanced parentheses');
    if (char === ',' && depth === 0) {
      terms.push(current.trim());
      current = '';
    } else current += char;
  }
  if (depth !== 0) throw new LabelSelectorSyntaxError('unbalanced parentheses');
  terms.push(current.trim());
  if (terms.length === 1 && terms[0] === '') return [];
  if (terms.some((term) => term === '')) throw new LabelSelectorSyntaxError('empty term');
  return terms;
}
