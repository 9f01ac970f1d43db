import { useState } from 'preact/hooks';
import type { ApiClient } from '../api/client';
import { Link } from '../components/link';
import { Pager } from '../components/pager';
import { Empty, Loading, ProblemView, useLoad } from '../components/states';
import { bindingsHref } from '../router';

/** Every application, a page at a time, each leading to its bindings. */
export function BindingsIndex({ api }: { api: ApiClient }) {
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const [page] = useLoad(() => api.applications({ limit: 100, cursor }), [api, cursor]);
  return (
    <section>
      <h1>Bindings</h1>
      <p class="muted">
        Choose an application to see its bindings, their Ready state per cluster and what a cluster would get.
      </p>
      {page.state === 'loading' && <Loading what="applications" />}
      {page.state === 'error' && <ProblemView error={page.error} />}
      {page.state === 'ready' && page.value.items.length === 0 && <Empty>No application yet.</Empty>}
      {page.state === 'ready' && page.value.items.length > 0 && (
        <>
          <ul aria-label="Applications">
            {page.value.items.map((application) => (
              <li key={application.name}>
                <Link href={bindingsHref(application.name)}>{application.name}</Link>{' '}
                <span class="muted small">{application.team}</span>
              </li>
            ))}
          </ul>
          <Pager
            label="Applications pages"
            cursors={cursors}
            nextCursor={page.value.nextCursor}
            onChange={setCursors}
          />
        </>
      )}
    </section>
  );
}
