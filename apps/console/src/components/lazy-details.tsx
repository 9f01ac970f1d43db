import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';

/** A disclosure, closed at first, whose content is built only once opened (a large YAML or diff costs nothing until then). */
export function LazyDetails({ summary, children }: { summary: ComponentChildren; children: () => ComponentChildren }) {
  const [open, setOpen] = useState(false);
  return (
    <details class="object" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>{summary}</summary>
      {open && children()}
    </details>
  );
}
