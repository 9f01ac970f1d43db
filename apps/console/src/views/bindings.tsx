import type { ApiClient } from '../api/client';
import type { BindingView } from '../api/types';
import { Link } from '../components/link';
import { Empty, Loading, ProblemView, useLoad } from '../components/states';
import { formatDate } from '../format';
import { BindingResolve } from './binding-resolve';
import { BindingStatus } from './binding-status';

/** An application's bindings: every name and scope, each binding's Ready per cluster, and what a cluster would get. */
export function Bindings({ api, application }: { api: ApiClient; application: string }) {
  const [bindings] = useLoad(() => api.bindings(application), [api, application]);
  const [clusters] = useLoad(() => api.clusters({ limit: 500 }), [api]);
  const clusterNames = clusters.state === 'ready' ? clusters.value.items.map((cluster) => cluster.name) : [];
  return (
    <section>
      <p>
        <Link href="/bindings">← Bindings of every application</Link>
      </p>
      <h1>Bindings of {application}</h1>
      {bindings.state === 'loading' && <Loading what="the bindings" />}
      {bindings.state === 'error' && <ProblemView error={bindings.error} />}
      {bindings.state === 'ready' && bindings.value.items.length === 0 && (
        <Empty>No binding yet: {application} asks for no managed service.</Empty>
      )}
      {bindings.state === 'ready' && bindings.value.items.length > 0 && (
        <BindingTable bindings={bindings.value.items} />
      )}
      {clusters.state === 'error' && <ProblemView error={clusters.error} />}
      <BindingStatus api={api} application={application} clusters={clusterNames} />
      <BindingResolve api={api} application={application} clusters={clusterNames} />
    </section>
  );
}

function BindingTable({ bindings }: { bindings: BindingView[] }) {
  return (
    <div class="scroll" tabIndex={0} role="region" aria-label="Bindings">
      <table>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Class</th>
            <th scope="col">Scope</th>
            <th scope="col">Instance</th>
            <th scope="col">Locality</th>
            <th scope="col">Credential</th>
            <th scope="col">Revision</th>
            <th scope="col">Updated</th>
          </tr>
        </thead>
        <tbody>
          {bindings.map((binding) => (
            <tr key={binding.id} data-binding={binding.id}>
              <th scope="row">{binding.name}</th>
              <td>{binding.class}</td>
              <td>{binding.scopeDescription}</td>
              <td>{binding.instance}</td>
              <td>{binding.locality}</td>
              <td>
                <CredentialSummary binding={binding} />
              </td>
              <td>{binding.revision}</td>
              <td>{formatDate(binding.updatedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The credential's kind, version and reference: the API never answers with a value, and none is asked for. */
function CredentialSummary({ binding }: { binding: BindingView }) {
  const { type, version, reference, expiresAt, retiringVersion } = binding.credential;
  return (
    <>
      {type}
      {version && ` v${version}`}
      {reference && (
        <div class="small">
          <code>{reference}</code>
        </div>
      )}
      {expiresAt && <div class="small">expires {formatDate(expiresAt)}</div>}
      {retiringVersion && <div class="small muted">retiring v{retiringVersion}</div>}
    </>
  );
}
