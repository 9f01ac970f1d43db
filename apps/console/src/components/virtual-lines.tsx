import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';

/** Every row's height in px: `.virtual-lines .row` in styles.css fixes it, so positions are arithmetic. */
const ROW_HEIGHT = 20;
/** Rows rendered beyond each edge of the window, so a fast scroll shows no gap. */
const OVERSCAN = 20;

/**
 * A scrolling list of fixed-height rows that renders only the rows in view (and a margin): a 10,000-line
 * manifest costs the page a few dozen elements. Keyboard users scroll it once it has focus.
 */
export function VirtualLines<T>(props: {
  rows: readonly T[];
  label: string;
  render: (row: T, index: number) => ComponentChildren;
  /** The window's height in px at most; shorter lists take their own height. */
  height?: number;
}) {
  const { rows, label, render, height = 480 } = props;
  const [scrollTop, setScrollTop] = useState(0);
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
  return (
    <div
      class="virtual-lines"
      role="region"
      aria-label={label}
      tabIndex={0}
      data-rows={rows.length}
      style={{ maxHeight: `${height}px` }}
      onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
    >
      <div style={{ height: `${rows.length * ROW_HEIGHT}px`, position: 'relative' }}>
        <div style={{ transform: `translateY(${first * ROW_HEIGHT}px)` }}>
          {rows.slice(first, last).map((row, offset) => (
            <div class="row" key={first + offset}>
              {render(row, first + offset)}
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}
