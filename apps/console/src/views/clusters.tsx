import { useState } from 'preact/hooks';
import type { ApiClient } from '../api/client';
import { HEALTH_STATES } from '../api/types';
import type { ClusterView } from '../api/types';
import { Pager } from '../components/pager';
import { Empty, Loading, ProblemView, useLoad } from '../components/states';
import { formatBytes, formatCpu, formatDate, formatMs } from '../format';

const PAGE_SIZE = 100;

/** Clusters grouped by cloud and region, filtered and paginated by the server. */
export function Clusters({ api }: { api: ApiClient }) {
  const [filters, setFilters] = useState({ selector: '', health: '' });
  const [draft, setDraft] = useState(filters);
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const [page] = useLoad(
    () => api.clusters({ ...filters, cursor, limit: PAGE_SIZE }),
    [api, filters.selector, filters.health, cursor],
  );
  return (
    <section>
      <h1>Clusters</h1>
      <form
        class="filters"
        onSubmit={(event) => {
          event.preventDefault();
          setCursors([]);
          setFilters(draft);
        }}
      >
        <label>
          Label selector
          <input
            name="selector"
            placeholder="tier=critical,env in (prod)"
            value={draft.selector}
            onInput={(event) => setDraft({ ...draft, selector: event.currentTarget.value })}
          />
        </label>
        <label>
          Health
          <select
            name="health"
            value={draft.health}
            onChange={(event) => setDraft({ ...draft, health: event.currentTarget.value })}
          >
            <option value="">any</option>
            {HEALTH_STATES.map((state) => (
              <option key={state}>{state}</option>
            ))}
          </select>
        </label>
        <button type="submit">Filter</button>
      </form>
      {page.state === 'loading' && <Loading what="clusters" />}
      {page.state === 'error' && <ProblemView error={page.error} />}
      {page.state === 'ready' && page.value.items.length === 0 && (
        <Empty>No cluster matches. Register one with `fleetplane clusters register`.</Empty>
      )}
      {page.state === 'ready' &&
        groupByPlace(page.value.items).map(([place, clusters]) => (
          <ClusterGroup key={place} place={place} clusters={clusters} api={api} />
        ))}
      {page.state === 'ready' && (
        <Pager label="Cluster pages" cursors={cursors} nextCursor={page.value.nextCursor} onChange={setCursors} />
      )}
    </section>
  );
}

function groupByPlace(clusters: ClusterView[]): Array<[string, ClusterView[]]> {
  const groups = new Map<string, ClusterView[]>();
  for (const cluster of clusters) {
    const place = `${cluster.cloud || 'no cloud'} · ${cluster.region || 'no region'}`;
    groups.set(place, [...(groups.get(place) ?? []), cluster]);
  }
  return [...groups].sort(([a], [b]) => a.localeCompare(b));
}

function ClusterGroup({ place, clusters, api }: { place: string; clusters: ClusterView[]; api: ApiClient }) {
  return (
    <div class="group">
      <h2>{place}</h2>
      <div class="scroll" tabIndex={0} role="region" aria-label={`Clusters in ${place}`}>
        <table>
          <thead>
            <tr>
              <th scope="col">Cluster</th>
              <th scope="col">Health</th>
              <th scope="col">Since</th>
              <th scope="col">Labels</th>
              <th scope="col">Capacity</th>
              <th scope="col">Environment · team</th>
            </tr>
          </thead>
          <tbody>
            {clusters.map((cluster) => (
              <ClusterRow key={cluster.name} cluster={cluster} api={api} />
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function ClusterRow({ cluster, api }: { cluster: ClusterView; api: ApiClient }) {
  const [open, setOpen] = useState(false);
  const healthy = cluster.health.state === 'Healthy';
  return (
    <>
      <tr data-cluster={cluster.name}>
        <th scope="row">
          {cluster.name}
          {cluster.cordoned && <span class="tag">cordoned</span>}
        </th>
        <td>
          <span class={`badge health-${cluster.health.state}`}>{cluster.health.state}</span>{' '}
          {!healthy && (
            <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
              Why?
            </button>
          )}
          <div class="muted small">{cluster.health.reason}</div>
        </td>
        <td>{formatDate(cluster.health.changedAt)}</td>
        <td>
          {Object.entries(cluster.labels).map(([key, value]) => (
            <span class="tag" key={key}>
              {key}={value}
            </span>
          ))}
        </td>
        <td>
          {cluster.capacity
            ? `${cluster.capacity.nodes} nodes · ${formatCpu(cluster.capacity.cpuMillicores)} · ${formatBytes(cluster.capacity.memoryBytes)}`
            : '—'}
        </td>
        <td>
          {cluster.environment} · {cluster.team}
        </td>
      </tr>
      {open && (
        <tr>
          <td colSpan={6}>
            <Why api={api} cluster={cluster.name} />
          </td>
        </tr>
      )}
    </>
  );
}

/** The probe's own evidence for a cluster that is not Healthy: the latest probes and the transitions. */
function Why({ api, cluster }: { api: ApiClient; cluster: string }) {
  const [report] = useLoad(() => api.clusterHealth(cluster), [api, cluster]);
  if (report.state === 'loading') return <Loading what="the probe's evidence" />;
  if (report.state === 'error') return <ProblemView error={report.error} />;
  const { recentProbes, transitions } = report.value;
  return (
    <div class="why" aria-label={`Why ${cluster} is ${report.value.current.state}`}>
      <h3>
        Why {cluster} is {report.value.current.state}
      </h3>
      {recentProbes.length === 0 ? (
        <Empty>No probe has run on this replica yet; the reason is: {report.value.current.reason}</Empty>
      ) : (
        <dl>
          <dt>Last probe</dt>
          <dd>
            {formatDate(recentProbes[0].at)} in {formatMs(recentProbes[0].latencyMs)}: {recentProbes[0].reason}
          </dd>
          <dt>Cloud</dt>
          <dd>
            {recentProbes[0].cloud.ok ? 'ok' : 'failed'} {recentProbes[0].cloud.status ?? ''}{' '}
            {recentProbes[0].cloud.error ?? ''}
          </dd>
          <dt>Kubernetes API</dt>
          <dd>
            {recentProbes[0].api.ok ? 'ok' : 'failed'} {recentProbes[0].api.status ?? ''}{' '}
            {recentProbes[0].api.error ?? ''}
          </dd>
        </dl>
      )}
      <h4>Transitions</h4>
      <ul>
        {transitions.map((transition) => (
          <li key={transition.at}>
            {formatDate(transition.at)}: {transition.from} → {transition.to} ({transition.reason})
          </li>
        ))}
      </ul>
    </div>
  );
}
