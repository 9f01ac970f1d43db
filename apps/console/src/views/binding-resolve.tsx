import { useState } from 'preact/hooks';
import type { ApiClient } from '../api/client';
import type { ResolutionView, ResolvedBindingView } from '../api/types';
import { Empty, Loading, ProblemView, useRequest } from '../components/states';

/**
 * What a chosen cluster would get under each binding name, as the API resolves and explains it. The Secret's
 * credential values arrive redacted and are shown as they arrive: the console asks for nothing more.
 */
export function BindingResolve({
  api,
  application,
  clusters,
}: {
  api: ApiClient;
  application: string;
  clusters: string[];
}) {
  const [cluster, setCluster] = useState('');
  const [outcome, request] = useRequest<ResolutionView>();
  const resolve = (event: Event) => {
    event.preventDefault();
    void request(() => api.resolveBindings(application, cluster));
  };
  return (
    <>
      <h2>What would a cluster get</h2>
      <form class="filters" onSubmit={resolve}>
        <div class="field">
          <label for="resolve-cluster">Cluster to resolve for</label>
          <select
            id="resolve-cluster"
            value={cluster}
            onChange={(event) => setCluster(event.currentTarget.value)}
            required
          >
            <option value="">Choose a cluster</option>
            {clusters.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" disabled={!cluster}>
          Resolve
        </button>
      </form>
      {outcome.state === 'loading' && <Loading what="the resolution" />}
      {outcome.state === 'error' && <ProblemView error={outcome.error} />}
      {outcome.state === 'ready' && (
        <div data-testid="resolution">
          <p>
            What <strong>{outcome.value.cluster}</strong> would get (credential values redacted):
          </p>
          {outcome.value.bindings.length === 0 && <Empty>No binding name to resolve.</Empty>}
          {outcome.value.bindings.map((binding) => (
            <Resolved key={binding.name} binding={binding} />
          ))}
        </div>
      )}
    </>
  );
}

function Resolved({ binding }: { binding: ResolvedBindingView }) {
  return (
    <div class="group" data-resolved={binding.name}>
      <h3>
        {binding.name}{' '}
        <span class={`badge ${binding.status === 'bound' ? 'ready-True' : 'ready-False'}`}>{binding.status}</span>
      </h3>
      {binding.status === 'bound' ? (
        <p>
          {binding.instance} · {binding.scope} · revision {binding.revision}
        </p>
      ) : (
        <p>{binding.reason}</p>
      )}
      {binding.secret && (
        <div class="scroll" tabIndex={0} role="region" aria-label={`Secret ${binding.secret.name}`}>
          <table>
            <thead>
              <tr>
                <th scope="col">Key</th>
                <th scope="col">Value</th>
                <th scope="col">From</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(binding.secret.entries).map(([key, value]) => (
                <tr key={key}>
                  <th scope="row">{key}</th>
                  <td>
                    <code>{value}</code>
                  </td>
                  <td>{binding.secret?.sources[key]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h4>Candidates, most specific first</h4>
      <ul class="plain">
        {binding.candidates.map((candidate) => (
          <li key={candidate.bindingId}>
            <strong>{candidate.verdict}</strong>: {candidate.scope} → {candidate.instance} ({candidate.reason})
          </li>
        ))}
      </ul>
    </div>
  );
}
