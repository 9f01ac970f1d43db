import type { ApiClient } from '../api/client';
import type { EnvironmentReleaseView, EnvironmentView } from '../api/types';
import { Empty, Loading, ProblemView, useLoad } from '../components/states';
import { formatDate } from '../format';

/** Every environment of the reader's teams with what each application runs there, pinned or not. */
export function EnvironmentsPanel({ api }: { api: ApiClient }) {
  const [environments] = useLoad(() => api.environments({ limit: 100 }), [api]);
  return (
    <>
      <h2>Environments</h2>
      {environments.state === 'loading' && <Loading what="environments" />}
      {environments.state === 'error' && <ProblemView error={environments.error} />}
      {environments.state === 'ready' && environments.value.items.length === 0 && (
        <Empty>No environment yet. Create one with POST /v1/environments.</Empty>
      )}
      {environments.state === 'ready' &&
        environments.value.items.map((environment) => (
          <Environment key={`${environment.team}/${environment.name}`} api={api} environment={environment} />
        ))}
    </>
  );
}

function Environment({ api, environment }: { api: ApiClient; environment: EnvironmentView }) {
  const [releases] = useLoad(() => api.environmentReleases(environment.name), [api, environment.name]);
  return (
    <div class="group" data-environment={environment.name}>
      <h3>
        {environment.name}{' '}
        <span class="muted small">
          team {environment.team} · clusters of environment {environment.bindingsEnvironment}
        </span>
      </h3>
      {releases.state === 'loading' && <Loading what={`what runs in ${environment.name}`} />}
      {releases.state === 'error' && <ProblemView error={releases.error} />}
      {releases.state === 'ready' && releases.value.length === 0 && (
        <Empty>Nothing promoted into {environment.name} yet.</Empty>
      )}
      {releases.state === 'ready' && releases.value.length > 0 && (
        <ReleaseTable environment={environment.name} releases={releases.value} />
      )}
    </div>
  );
}

function ReleaseTable({ environment, releases }: { environment: string; releases: EnvironmentReleaseView[] }) {
  return (
    <div class="scroll" tabIndex={0} role="region" aria-label={`What runs in ${environment}`}>
      <table>
        <thead>
          <tr>
            <th scope="col">Application</th>
            <th scope="col">Release</th>
            <th scope="col">Pinned</th>
            <th scope="col">Since</th>
          </tr>
        </thead>
        <tbody>
          {releases.map((release) => (
            <tr key={release.application} data-application={release.application}>
              <th scope="row">{release.application}</th>
              <td>{release.release}</td>
              <td>
                {release.pinned ? (
                  <>
                    <span class="tag">pinned</span> by {release.pinnedBy} {formatDate(release.pinnedAt)}
                    {release.pinReason && <div class="small">{release.pinReason}</div>}
                  </>
                ) : (
                  'not pinned'
                )}
              </td>
              <td>{formatDate(release.updatedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
