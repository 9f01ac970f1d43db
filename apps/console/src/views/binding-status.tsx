import { useState } from 'preact/hooks';
import type { ApiClient } from '../api/client';
import type { BindingRevisionRefView, BindingStatusView } from '../api/types';
import { Link } from '../components/link';
import { Empty, Loading, ProblemView, useLoad } from '../components/states';
import { formatDate } from '../format';

const revisionOf = (ref: BindingRevisionRefView | null) =>
  ref ? `rev ${ref.revision}${ref.credentialVersion ? ` (credential ${ref.credentialVersion})` : ''}` : '—';

/** Ready per binding x cluster, filtered on the server to one cluster when one is chosen. */
export function BindingStatus({
  api,
  application,
  clusters,
}: {
  api: ApiClient;
  application: string;
  clusters: string[];
}) {
  const [cluster, setCluster] = useState('');
  const [status] = useLoad(() => api.bindingStatus(application, cluster || undefined), [api, application, cluster]);
  return (
    <>
      <h2>Status per cluster</h2>
      <div class="filters">
        <div class="field">
          <label for="status-cluster">Only cluster</label>
          <select id="status-cluster" value={cluster} onChange={(event) => setCluster(event.currentTarget.value)}>
            <option value="">Every cluster</option>
            {clusters.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </div>
      </div>
      {status.state === 'loading' && <Loading what="the binding status" />}
      {status.state === 'error' && <ProblemView error={status.error} />}
      {status.state === 'ready' && status.value.items.length === 0 && (
        <Empty>No binding status: the application has no binding, or runs on no cluster.</Empty>
      )}
      {status.state === 'ready' && status.value.items.length > 0 && <StatusTable items={status.value.items} />}
    </>
  );
}

function StatusTable({ items }: { items: BindingStatusView[] }) {
  return (
    <div class="scroll" tabIndex={0} role="region" aria-label="Binding status per cluster">
      <table>
        <thead>
          <tr>
            <th scope="col">Binding</th>
            <th scope="col">Cluster</th>
            <th scope="col">Ready</th>
            <th scope="col">Reason</th>
            <th scope="col">Desired</th>
            <th scope="col">Applied</th>
            <th scope="col">Deployment</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <StatusRow key={`${item.binding}/${item.cluster}`} item={item} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function StatusRow({ item }: { item: BindingStatusView }) {
  const ready = item.conditions.find((condition) => condition.type === 'Ready');
  return (
    <tr data-binding={item.binding} data-cluster={item.cluster}>
      <th scope="row">{item.binding}</th>
      <td>{item.cluster}</td>
      <td>
        {ready ? (
          <span class={`badge ready-${ready.status}`}>{ready.status}</span>
        ) : (
          <span class="muted">not reported</span>
        )}
      </td>
      <td>
        {ready && (
          <>
            <strong>{ready.reason}</strong> {ready.message}
            <div class="small muted">since {formatDate(ready.lastTransitionTime)}</div>
          </>
        )}
      </td>
      <td>
        {revisionOf(item.desired)}
        {item.desired && <div class="small muted">{item.desired.instance}</div>}
      </td>
      <td>{revisionOf(item.applied)}</td>
      <td>
        {item.deployment ? <Link href={`/deployments/${item.deployment}`}>{item.deployment.slice(0, 8)}</Link> : '—'}
      </td>
    </tr>
  );
}
