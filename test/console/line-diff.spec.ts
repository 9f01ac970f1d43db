import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DiffLine, diffLines, foldUnchanged } from '../../apps/console/src/diff/line-diff';

/** A diff as `  kept`, `- removed`, `+ added` lines, as a unified diff prints them. */
const unified = (lines: DiffLine[]) =>
  lines.map((line) => `${line.op === 'equal' ? ' ' : line.op === 'delete' ? '-' : '+'} ${line.text}`);

/** Replaying a diff must give back both texts, whatever alignment it chose. */
function assertReplays(before: string[], after: string[], lines: DiffLine[]) {
  assert.deepEqual(
    lines.filter((line) => line.op !== 'insert').map((line) => line.text),
    before,
  );
  assert.deepEqual(
    lines.filter((line) => line.op !== 'delete').map((line) => line.text),
    after,
  );
}

describe('diffLines (Myers)', () => {
  it('finds the shortest edit script of the paper’s example, ABCABBA to CBABAC: five edits', () => {
    const before = [...'ABCABBA'];
    const after = [...'CBABAC'];
    const lines = diffLines(before, after);
    assertReplays(before, after, lines);
    assert.equal(lines.filter((line) => line.op !== 'equal').length, 5);
  });

  it('numbers each side’s lines from 1 and keeps common head and tail as they are', () => {
    const lines = diffLines(['a', 'b', 'c', 'd'], ['a', 'x', 'c', 'd']);
    assert.deepEqual(unified(lines), ['  a', '- b', '+ x', '  c', '  d']);
    assert.deepEqual(lines[3], { op: 'equal', text: 'c', oldLine: 3, newLine: 3 });
    assert.deepEqual(lines[1], { op: 'delete', text: 'b', oldLine: 2 });
    assert.deepEqual(lines[2], { op: 'insert', text: 'x', newLine: 2 });
  });

  it('handles empty sides', () => {
    assert.deepEqual(unified(diffLines([], ['a'])), ['+ a']);
    assert.deepEqual(unified(diffLines(['a'], [])), ['- a']);
    assert.deepEqual(diffLines([], []), []);
  });

  it('past its edit bound, shows the changed middle as removed then added instead of aligning it', () => {
    const before = ['head', 'a1', 'a2', 'a3', 'tail'];
    const after = ['head', 'b1', 'b2', 'b3', 'tail'];
    const lines = diffLines(before, after, 2);
    assert.deepEqual(unified(lines), ['  head', '- a1', '- a2', '- a3', '+ b1', '+ b2', '+ b3', '  tail']);
  });

  it('diffs two 10,000-line texts with a few changes, aligned, replaying both', () => {
    const before = Array.from({ length: 10_000 }, (_, i) => `line ${i}`);
    const after = [...before];
    after.splice(5_000, 1, 'changed');
    after.splice(100, 0, 'inserted');
    after.splice(9_000, 2);
    const lines = diffLines(before, after);
    assertReplays(before, after, lines);
    assert.equal(lines.filter((line) => line.op !== 'equal').length, 5);
  });
});

describe('foldUnchanged', () => {
  it('keeps three lines of context around each change and folds the rest', () => {
    const before = Array.from({ length: 20 }, (_, i) => `l${i}`);
    const after = before.map((line) => (line === 'l10' ? 'changed' : line));
    const rows = foldUnchanged(diffLines(before, after));
    assert.deepEqual(
      rows.map((row) => (row.op === 'fold' ? `… ${row.count}` : row.text)),
      ['… 7', 'l7', 'l8', 'l9', 'l10', 'changed', 'l11', 'l12', 'l13', '… 6'],
    );
  });

  it('does not fold a run no longer than the context it would keep', () => {
    const rows = foldUnchanged(diffLines(['a', 'b', 'c'], ['a', 'x', 'c']));
    assert.equal(
      rows.some((row) => row.op === 'fold'),
      false,
    );
  });
});
