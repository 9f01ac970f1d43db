import { useMemo } from 'preact/hooks';
import { DiffRow, diffLines, foldUnchanged } from '../diff/line-diff';
import { VirtualLines } from './virtual-lines';

const SIGN = { equal: ' ', delete: '-', insert: '+' } as const;

/** A unified line diff of two texts, unchanged runs folded, its lines virtualized. Computed when first shown. */
export function UnifiedDiff({ before, after, label }: { before: string; after: string; label: string }) {
  const rows = useMemo(() => foldUnchanged(diffLines(lines(before), lines(after))), [before, after]);
  return <VirtualLines rows={rows} label={label} render={renderRow} />;
}

function lines(text: string): string[] {
  return text === '' ? [] : text.replace(/\n$/, '').split('\n');
}

function renderRow(row: DiffRow) {
  if (row.op === 'fold') return <span class="fold">⋯ {row.count} unchanged lines</span>;
  const number = row.op === 'insert' ? row.newLine : row.oldLine;
  return (
    <span class={`line ${row.op}`}>
      <span class="number" aria-hidden="true">
        {number}
      </span>
      <span class="sign">{SIGN[row.op]}</span>
      {row.text}
    </span>
  );
}
