/**
 * Previous/next over a cursor-paginated list: `cursors` is the trail of cursors that led to the page shown
 * (empty on the first page), so going back drops the last one and going on appends the page's next cursor.
 */
export function Pager(props: {
  label: string;
  cursors: string[];
  nextCursor: string | null;
  onChange: (cursors: string[]) => void;
}) {
  const { label, cursors, nextCursor, onChange } = props;
  return (
    <nav class="pager" aria-label={label}>
      <button type="button" disabled={cursors.length === 0} onClick={() => onChange(cursors.slice(0, -1))}>
        Previous page
      </button>
      <button type="button" disabled={!nextCursor} onClick={() => nextCursor && onChange([...cursors, nextCursor])}>
        Next page
      </button>
    </nav>
  );
}
