import { useState } from 'preact/hooks';
import type { ApiClient } from '../api/client';
import { Link } from '../components/link';
import { releaseHref } from '../router';
import { Pager } from '../components/pager';
import { Empty, Loading, ProblemView, useLoad } from '../components/states';
import { formatDate } from '../format';

/** Deployments, newest first, a page at a time. */
export function Deployments({ api }: { api: ApiClient }) {
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const [page] = useLoad(() => api.deployments({ limit: 50, cursor }), [api, cursor]);
  return (
    <section>
      <h1>Deployments</h1>
      {page.state === 'loading' && <Loading what="deployments" />}
      {page.state === 'error' && <ProblemView error={page.error} />}
      {page.state === 'ready' && page.value.items.length === 0 && (
        <Empty>No deployment yet. Create one with `fleetplane deploy` or POST /v1/deployments.</Empty>
      )}
      {page.state === 'ready' && page.value.items.length > 0 && (
        <div class="scroll" tabIndex={0} role="region" aria-label="Deployments">
          <table>
            <thead>
              <tr>
                <th scope="col">Application</th>
                <th scope="col">Release</th>
                <th scope="col">State</th>
                <th scope="col">Reason</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {page.value.items.map((deployment) => (
                <tr key={deployment.id}>
                  <th scope="row">
                    <Link href={`/deployments/${deployment.id}`}>{deployment.application}</Link>
                  </th>
                  <td>
                    <Link href={releaseHref(deployment.application, deployment.release)}>{deployment.release}</Link>{' '}
                    {deployment.kind === 'rollback' && <span class="tag">rollback</span>}
                  </td>
                  <td>
                    <span class={`badge state-${deployment.state}`}>{deployment.state}</span>
                  </td>
                  <td>{deployment.reason}</td>
                  <td>{formatDate(deployment.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {page.state === 'ready' && (
        <Pager label="Deployment pages" cursors={cursors} nextCursor={page.value.nextCursor} onChange={setCursors} />
      )}
    </section>
  );
}
