import { useState } from 'preact/hooks';
import type { ApiClient } from '../api/client';
import type { WhoAmIView } from '../api/types';
import { canOperate } from '../roles';
import { Link } from '../components/link';
import { Empty, Loading, ProblemView, useLoad } from '../components/states';
import { formatDate } from '../format';

const show = (value: unknown) => (value === undefined ? '(absent)' : JSON.stringify(value));

/** What the last drift check found for one application, per cluster and field. */
export function Drift({ api, me, application }: { api: ApiClient; me: WhoAmIView; application: string }) {
  const [report, reload] = useLoad(() => api.drift(application), [api, application]);
  const [checkError, setCheckError] = useState<unknown>(null);
  return (
    <section>
      <p>
        <Link href="/applications">← Applications</Link>
      </p>
      <h1>Drift of {application}</h1>
      {canOperate(me) && (
        <button
          type="button"
          onClick={async () => {
            try {
              setCheckError(null);
              await api.checkDrift(application);
              reload();
            } catch (failure) {
              setCheckError(failure);
            }
          }}
        >
          Check now
        </button>
      )}
      {checkError !== null && <ProblemView error={checkError} />}
      {report.state === 'loading' && <Loading what="drift" />}
      {report.state === 'error' && <ProblemView error={report.error} />}
      {report.state === 'ready' && report.value.length === 0 && (
        <Empty>Nothing deployed yet, so nothing can drift.</Empty>
      )}
      {report.state === 'ready' &&
        report.value.map((cluster) => (
          <div class="group" key={cluster.cluster} data-cluster={cluster.cluster}>
            <h2>
              {cluster.cluster}{' '}
              <span class={`badge ${cluster.inSync === false ? 'state-Failed' : 'state-Succeeded'}`}>
                {cluster.inSync === undefined ? 'not checked' : cluster.inSync ? 'in sync' : 'drifted'}
              </span>
            </h2>
            <p class="muted">checked {formatDate(cluster.checkedAt)}</p>
            {cluster.objects.map((object) => (
              <div key={`${object.kind}/${object.namespace ?? ''}/${object.name}`}>
                <h3>
                  {object.kind} {object.namespace ? `${object.namespace}/` : ''}
                  {object.name} {object.missing && <span class="tag">missing</span>}
                </h3>
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Field</th>
                      <th scope="col">Applied</th>
                      <th scope="col">On the cluster</th>
                    </tr>
                  </thead>
                  <tbody>
                    {(object.fields ?? []).map((field) => (
                      <tr key={field.path}>
                        <th scope="row">
                          <code>{field.path}</code>
                        </th>
                        <td>
                          <code>{show(field.expected)}</code>
                        </td>
                        <td>
                          <code>{show(field.actual)}</code>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ))}
          </div>
        ))}
    </section>
  );
}
