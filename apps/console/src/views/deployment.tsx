import { useEffect, useState } from 'preact/hooks';
import { ApiClient, ApiProblem, DeploymentAction } from '../api/client';
import { readEvents } from '../api/event-stream';
import type { DeploymentView, TargetView, WhoAmIView } from '../api/types';
import { canOperate } from '../roles';
import { Link } from '../components/link';
import { releaseHref } from '../router';
import { Loading, ProblemView } from '../components/states';
import { formatDate, formatMs } from '../format';

const FINAL_STATES = ['Succeeded', 'PartiallyFailed', 'Failed', 'RolledBack', 'Cancelled'];
const RECONNECT_MS = 2000;

interface LiveEvent {
  id: string;
  at: string;
  subject: string;
  state: string;
  message: string;
}

/**
 * One deployment, kept live: its event stream (fetch with the Authorization header; EventSource cannot
 * send one) re-reads the deployment on every event and resumes with Last-Event-ID after a dropped connection.
 */
function useLiveDeployment(api: ApiClient, id: string) {
  const [deployment, setDeployment] = useState<DeploymentView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [events, setEvents] = useState<LiveEvent[]>([]);
  useEffect(() => {
    const stop = new AbortController();
    let lastEventId = '';
    const refresh = () =>
      api.deployment(id).then(
        (view) => !stop.signal.aborted && (setDeployment(view), setError(null)),
        (failure: unknown) => !stop.signal.aborted && setError(failure),
      );
    const follow = async () => {
      while (!stop.signal.aborted) {
        try {
          const body = await api.open(
            'deploymentEvents',
            { id },
            lastEventId ? { 'Last-Event-ID': lastEventId } : {},
            stop.signal,
          );
          await readEvents(body, (event) => {
            if (event.id) lastEventId = event.id;
            const data = JSON.parse(event.data) as Omit<LiveEvent, 'id'>;
            setEvents((previous) => [...previous.slice(-199), { id: event.id ?? '', ...data }]);
            void refresh();
          });
          await refresh();
          return; // the stream ends once the deployment is final
        } catch (failure) {
          if (stop.signal.aborted) return;
          setError(failure);
          // A refusal (gone, forbidden) will not change by retrying; a dropped connection or a busy server may.
          if (failure instanceof ApiProblem && failure.status < 500 && failure.status !== 429) return;
          await new Promise((resolve) => setTimeout(resolve, RECONNECT_MS));
        }
      }
    };
    void refresh().then(follow);
    return () => stop.abort();
  }, [api, id]);
  return { deployment, error, events, setDeployment, setError };
}

export function Deployment({ api, me, id }: { api: ApiClient; me: WhoAmIView; id: string }) {
  const { deployment, error, events, setDeployment, setError } = useLiveDeployment(api, id);
  if (!deployment) return error ? <ProblemView error={error} /> : <Loading what="the deployment" />;
  const waves = [...new Set(deployment.targets.map((target) => target.wave))].sort((a, b) => a - b);
  return (
    <section>
      <p>
        <Link href="/deployments">← Deployments</Link>
      </p>
      <h1>
        {deployment.application} {deployment.release}
      </h1>
      <p>
        <Link href={releaseHref(deployment.application, deployment.release)}>
          Release {deployment.release}: manifests, preview and diff
        </Link>
      </p>
      <p>
        <span class={`badge state-${deployment.state}`} data-testid="deployment-state">
          {deployment.state}
        </span>{' '}
        {deployment.reason}
      </p>
      <p class="muted">
        {deployment.kind} · created {formatDate(deployment.createdAt)} · finished {formatDate(deployment.finishedAt)}
      </p>
      {error !== null && <ProblemView error={error} />}
      {canOperate(me) && (
        <Actions
          deployment={deployment}
          act={async (action) => {
            try {
              const result = await api.act(deployment.id, action);
              if (action === 'rollback') location.assign(`/deployments/${result.id}`);
              else setDeployment(result);
              setError(null);
            } catch (failure) {
              setError(failure);
            }
          }}
        />
      )}
      {waves.map((wave) => (
        <Wave key={wave} wave={wave} targets={deployment.targets.filter((target) => target.wave === wave)} />
      ))}
      <h2>Events</h2>
      <ol class="events" aria-live="polite">
        {events.map((event) => (
          <li key={event.id}>
            {formatDate(event.at)} · {event.subject}: {event.state} {event.message}
          </li>
        ))}
      </ol>
    </section>
  );
}

const DESTRUCTIVE: Partial<Record<DeploymentAction, string>> = {
  cancel: 'Cancel this deployment? Clusters not yet started are skipped.',
  rollback: 'Roll back? The previous release is deployed to the same clusters.',
};

function Actions({ deployment, act }: { deployment: DeploymentView; act: (action: DeploymentAction) => void }) {
  const [confirming, setConfirming] = useState<DeploymentAction | null>(null);
  const final = FINAL_STATES.includes(deployment.state);
  const available: DeploymentAction[] = final
    ? ['rollback']
    : deployment.state === 'Paused'
      ? ['resume', 'cancel']
      : [...(/approval/i.test(deployment.reason) ? (['approve'] as const) : []), 'pause', 'cancel'];
  const run = (action: DeploymentAction) => (DESTRUCTIVE[action] ? setConfirming(action) : act(action));
  return (
    <div class="actions" role="group" aria-label="Deployment actions">
      {available.map((action) => (
        <button type="button" key={action} class={DESTRUCTIVE[action] ? 'danger' : ''} onClick={() => run(action)}>
          {action[0].toUpperCase() + action.slice(1)}
        </button>
      ))}
      {confirming && (
        <div role="alertdialog" aria-labelledby="confirm-text" class="confirm">
          <p id="confirm-text">{DESTRUCTIVE[confirming]}</p>
          <button
            type="button"
            class="danger"
            onClick={() => {
              act(confirming);
              setConfirming(null);
            }}
          >
            Yes, {confirming}
          </button>
          <button type="button" autoFocus onClick={() => setConfirming(null)}>
            Keep it
          </button>
        </div>
      )}
    </div>
  );
}

function Wave({ wave, targets }: { wave: number; targets: TargetView[] }) {
  return (
    <div class="group">
      <h2>Wave {wave + 1}</h2>
      <div class="scroll" tabIndex={0} role="region" aria-label={`Clusters of wave ${wave + 1}`}>
        <table>
          <thead>
            <tr>
              <th scope="col">Cluster</th>
              <th scope="col">State</th>
              <th scope="col">Reason and conditions</th>
              <th scope="col">Queued · applying · ready · total</th>
            </tr>
          </thead>
          <tbody>
            {targets.map((target) => (
              <tr key={target.cluster} data-cluster={target.cluster}>
                <th scope="row">
                  {target.cluster} <span class="muted">{target.cloud}</span>
                </th>
                <td>
                  <span class={`badge state-${target.state}`}>{target.state}</span>
                  <div class="muted small">since {formatDate(target.since)}</div>
                </td>
                <td>
                  {target.lastError && <div class="error-text">{target.lastError}</div>}
                  <ul class="plain">
                    {target.objects.map((object) => (
                      <li key={`${object.kind}/${object.namespace ?? ''}/${object.name}`}>
                        {object.kind}/{object.name}: {object.state ?? '—'} {object.reason ?? ''} {object.message ?? ''}
                      </li>
                    ))}
                  </ul>
                </td>
                <td>
                  {formatMs(target.timings.queueMs)} · {formatMs(target.timings.applyMs)} ·{' '}
                  {formatMs(target.timings.waitReadyMs)} · {formatMs(target.timings.totalMs)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
