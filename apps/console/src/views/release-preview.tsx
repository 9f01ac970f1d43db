import { useState } from 'preact/hooks';
import type { ApiClient } from '../api/client';
import type { RenderPreview } from '../api/types';
import { ObjectList } from '../components/object-list';
import { Loading, ProblemView, useLoad, useRequest } from '../components/states';

/** Renders the release for a chosen cluster through the API's preview: nothing is applied, bindings come redacted. */
export function ReleasePreview({
  api,
  application,
  version,
}: {
  api: ApiClient;
  application: string;
  version: string;
}) {
  const [clusters] = useLoad(() => api.clusters({ limit: 500 }), [api]);
  const [cluster, setCluster] = useState('');
  const [outcome, request] = useRequest<RenderPreview>();
  const preview = (event: Event) => {
    event.preventDefault();
    void request(() => api.renderPreview(application, version, cluster));
  };
  return (
    <>
      <h2>Preview for a cluster</h2>
      {clusters.state === 'error' && <ProblemView error={clusters.error} />}
      <form class="filters" onSubmit={preview}>
        <div class="field">
          <label for="preview-cluster">Cluster</label>
          <select
            id="preview-cluster"
            value={cluster}
            onChange={(event) => setCluster(event.currentTarget.value)}
            required
          >
            <option value="">Choose a cluster</option>
            {clusters.state === 'ready' &&
              clusters.value.items.map((item) => (
                <option key={item.name} value={item.name}>
                  {item.name} ({item.cloud}, {item.region})
                </option>
              ))}
          </select>
        </div>
        <button type="submit" disabled={!cluster}>
          Preview
        </button>
      </form>
      {outcome.state === 'loading' && <Loading what="the preview" />}
      {outcome.state === 'error' && <ProblemView error={outcome.error} />}
      {outcome.state === 'ready' && (
        <div data-testid="preview">
          <p>
            What <strong>{outcome.value.cluster}</strong> would receive: {outcome.value.objects.length} objects
            {outcome.value.namespacesToEnsure.length > 0 &&
              `, in namespaces ${outcome.value.namespacesToEnsure.join(', ')}`}
            .
          </p>
          <ObjectList objects={outcome.value.objects} label={`Objects rendered for ${outcome.value.cluster}`} />
        </div>
      )}
    </>
  );
}
