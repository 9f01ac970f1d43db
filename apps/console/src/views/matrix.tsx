import type { ApiClient } from '../api/client';
import type { ApplicationView, DeploymentView, TargetView } from '../api/types';
import { Link } from '../components/link';
import { bindingsHref, releaseHref } from '../router';
import { Empty, Loading, ProblemView, useLoad } from '../components/states';

interface Cell {
  release: string;
  deploymentId: string;
  target: TargetView;
}

/**
 * Applications x clusters: per cell the release of the newest deployment that targeted the cluster, its
 * state there and the drift its last check found. Each cell is its own cluster's target, so one cluster's
 * failure shows on that cluster only.
 */
export function Matrix({ api }: { api: ApiClient }) {
  const [data] = useLoad(async () => {
    const [applications, deployments] = await Promise.all([
      api.applications({ limit: 500 }),
      api.deployments({ limit: 500 }),
    ]);
    return { applications: applications.items, cells: newestCells(deployments.items) };
  }, [api]);
  if (data.state === 'loading') return <Loading what="applications" />;
  if (data.state === 'error') return <ProblemView error={data.error} />;
  const { applications, cells } = data.value;
  const clusters = [...new Set([...cells.values()].map((cell) => cell.target.cluster))].sort();
  return (
    <section>
      <h1>Applications × clusters</h1>
      {applications.length === 0 ? (
        <Empty>No application yet. Create one with `fleetplane apps create`.</Empty>
      ) : (
        <div class="scroll" tabIndex={0} role="region" aria-label="Applications by cluster">
          <table class="matrix">
            <thead>
              <tr>
                <th scope="col">Application</th>
                {clusters.map((cluster) => (
                  <th scope="col" key={cluster}>
                    {cluster}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {applications.map((application) => (
                <MatrixRow key={application.name} application={application} clusters={clusters} cells={cells} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function MatrixRow({
  application,
  clusters,
  cells,
}: {
  application: ApplicationView;
  clusters: string[];
  cells: Map<string, Cell>;
}) {
  return (
    <tr data-application={application.name}>
      <th scope="row">
        {application.name} <span class="muted small">{application.team}</span>
        <div class="small">
          <Link href={`/applications/${encodeURIComponent(application.name)}/drift`}>Drift</Link> ·{' '}
          <Link href={bindingsHref(application.name)}>Bindings</Link>
        </div>
      </th>
      {clusters.map((cluster) => {
        const cell = cells.get(`${application.name}/${cluster}`);
        if (!cell)
          return (
            <td key={cluster} class="muted">
              not deployed
            </td>
          );
        const drifted = cell.target.drift?.length ?? 0;
        return (
          <td key={cluster} data-cluster={cluster}>
            <Link href={`/deployments/${cell.deploymentId}`}>{cell.release}</Link>{' '}
            <span class={`badge state-${cell.target.state}`}>{cell.target.state}</span>
            <div class="small">
              <Link href={releaseHref(application.name, cell.release)}>Release {cell.release}</Link>
            </div>
            {cell.target.drift === null ? (
              <div class="muted small">drift not checked</div>
            ) : drifted > 0 ? (
              <div class="small drifted">{drifted} drifted</div>
            ) : (
              <div class="small">in sync</div>
            )}
            {cell.target.lastError && <div class="error-text small">{cell.target.lastError}</div>}
          </td>
        );
      })}
    </tr>
  );
}

/** The newest deployment's target per application and cluster (the list comes newest first). */
function newestCells(deployments: DeploymentView[]): Map<string, Cell> {
  const cells = new Map<string, Cell>();
  for (const deployment of deployments)
    for (const target of deployment.targets) {
      const key = `${deployment.application}/${target.cluster}`;
      if (!cells.has(key)) cells.set(key, { release: deployment.release, deploymentId: deployment.id, target });
    }
  return cells;
}
