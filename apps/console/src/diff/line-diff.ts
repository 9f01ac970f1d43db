/** One line of a unified diff: kept, removed from the old text, or added in the new one (numbers from 1). */
export type DiffLine =
  | { op: 'equal'; text: string; oldLine: number; newLine: number }
  | { op: 'delete'; text: string; oldLine: number }
  | { op: 'insert'; text: string; newLine: number };

/** A row of a diff as shown: a line, or a run of unchanged lines folded away. */
export type DiffRow = DiffLine | { op: 'fold'; count: number };

/**
 * Myers' cost is O((N+M)·D) time and O(D²) memory for D edits: past this many, the changed middle (after
 * the common head and tail) is shown as all removed then all added instead of being aligned line by line.
 */
export const DEFAULT_MAX_EDITS = 2_000;

/** The line diff of two texts' lines: shortest edit script (Myers), bounded by `maxEdits`. */
export function diffLines(
  before: readonly string[],
  after: readonly string[],
  maxEdits = DEFAULT_MAX_EDITS,
): DiffLine[] {
  let head = 0;
  while (head < before.length && head < after.length && before[head] === after[head]) head++;
  let tail = 0;
  while (
    tail < before.length - head &&
    tail < after.length - head &&
    before[before.length - 1 - tail] === after[after.length - 1 - tail]
  )
    tail++;
  const oldMiddle = before.slice(head, before.length - tail);
  const newMiddle = after.slice(head, after.length - tail);
  const middle = shortestEdit(oldMiddle, newMiddle, maxEdits) ?? replaceAll(oldMiddle, newMiddle);
  const lines: DiffLine[] = [];
  let oldLine = 1;
  let newLine = 1;
  const push = (op: Op, text: string) => {
    if (op === 'equal') lines.push({ op, text, oldLine: oldLine++, newLine: newLine++ });
    else if (op === 'delete') lines.push({ op, text, oldLine: oldLine++ });
    else lines.push({ op, text, newLine: newLine++ });
  };
  for (const text of before.slice(0, head)) push('equal', text);
  for (const [op, text] of middle) push(op, text);
  for (const text of before.slice(before.length - tail)) push('equal', text);
  return lines;
}

/** Keeps `context` unchanged lines around each change and folds longer unchanged runs into one row. */
export function foldUnchanged(lines: readonly DiffLine[], context = 3): DiffRow[] {
  const rows: DiffRow[] = [];
  let run: DiffLine[] = [];
  const flush = (atStart: boolean, atEnd: boolean) => {
    const keepBefore = atStart ? 0 : context;
    const keepAfter = atEnd ? 0 : context;
    if (run.length <= keepBefore + keepAfter + 1) rows.push(...run);
    else {
      rows.push(...run.slice(0, keepBefore));
      rows.push({ op: 'fold', count: run.length - keepBefore - keepAfter });
      rows.push(...run.slice(run.length - keepAfter));
    }
    run = [];
  };
  for (const line of lines) {
    if (line.op === 'equal') {
      run.push(line);
      continue;
    }
    if (run.length > 0) flush(rows.length === 0, false);
    rows.push(line);
  }
  if (run.length > 0) flush(rows.length === 0, true);
  return rows;
}

type Op = DiffLine['op'];
type Edit = [Op, string];

function replaceAll(before: readonly string[], after: readonly string[]): Edit[] {
  return [...before.map((text): Edit => ['delete', text]), ...after.map((text): Edit => ['insert', text])];
}

/**
 * Myers' greedy forward search ("An O(ND) Difference Algorithm and Its Variations", 1986), keeping each
 * step's furthest-reaching diagonals to walk the path back. `null` when more than `maxEdits` are needed.
 */
function shortestEdit(a: readonly string[], b: readonly string[], maxEdits: number): Edit[] | null {
  const n = a.length;
  const m = b.length;
  const bound = Math.min(n + m, maxEdits);
  const offset = bound + 1;
  const v = new Int32Array(2 * bound + 3);
  /** `trace[d]`: the diagonals before step d, for k from -d-1 to d+1. */
  const trace: Int32Array[] = [];
  for (let d = 0; d <= bound; d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]);
      let x = down ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(a, b, trace, d);
    }
  }
  return null;
}

function backtrack(a: readonly string[], b: readonly string[], trace: Int32Array[], edits: number): Edit[] {
  const script: Edit[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = edits; d > 0; d--) {
    const at = (k: number) => trace[d][k + d + 1];
    const k = x - y;
    const previousK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const previousX = at(previousK);
    const previousY = previousX - previousK;
    while (x > previousX && y > previousY) {
      x--;
      y--;
      script.push(['equal', a[x]]);
    }
    if (x === previousX) script.push(['insert', b[--y]]);
    else script.push(['delete', a[--x]]);
  }
  while (x > 0 && y > 0) {
    x--;
    y--;
    script.push(['equal', a[x]]);
  }
  return script.reverse();
}
