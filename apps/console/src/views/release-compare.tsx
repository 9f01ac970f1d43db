import { useState } from 'preact/hooks';
import type { ApiClient } from '../api/client';
import type { KubeObject } from '../api/types';
import { LazyDetails } from '../components/lazy-details';
import { Loading, ProblemView, useRequest } from '../components/states';
import { UnifiedDiff } from '../components/unified-diff';
import { ObjectDiff, countChanges, diffReleases } from '../diff/release-diff';
import { manifestYaml } from '../diff/yaml';

/**
 * The changes from another release of the application to this one, object by object, each closed until
 * opened; its line diff is computed then.
 */
export function ReleaseCompare(props: {
  api: ApiClient;
  application: string;
  version: string;
  objects: readonly KubeObject[];
  /** The application's releases, newest first. */
  others: readonly string[];
}) {
  const { api, application, version, objects } = props;
  const others = props.others.filter((other) => other !== version);
  const older = props.others[props.others.indexOf(version) + 1];
  const [base, setBase] = useState(older ?? others[0] ?? '');
  const [outcome, request] = useRequest<{ base: string; diffs: ObjectDiff[] }>();
  const compare = (event: Event) => {
    event.preventDefault();
    void request(async () => {
      const before = await api.releaseManifests(application, base);
      return { base, diffs: diffReleases(before.objects, objects) };
    });
  };
  return (
    <>
      <h2>Compare with another release</h2>
      {others.length === 0 ? (
        <p class="muted">This is the application’s only release.</p>
      ) : (
        <form class="filters" onSubmit={compare}>
          <div class="field">
            <label for="compare-with">Compare with</label>
            <select id="compare-with" value={base} onChange={(event) => setBase(event.currentTarget.value)}>
              {others.map((other) => (
                <option key={other} value={other}>
                  {other}
                </option>
              ))}
            </select>
          </div>
          <button type="submit">Compare</button>
        </form>
      )}
      {outcome.state === 'loading' && <Loading what="the other release" />}
      {outcome.state === 'error' && <ProblemView error={outcome.error} />}
      {outcome.state === 'ready' && <Changes base={outcome.value.base} version={version} diffs={outcome.value.diffs} />}
    </>
  );
}

function Changes({ base, version, diffs }: { base: string; version: string; diffs: ObjectDiff[] }) {
  const counts = countChanges(diffs);
  const shown = diffs.filter((diff) => diff.change !== 'unchanged');
  return (
    <div data-testid="release-diff">
      <p>
        From {base} to {version}: {counts.added} added, {counts.removed} removed, {counts.changed} changed,{' '}
        {counts.unchanged} unchanged.
      </p>
      <ul class="plain objects" aria-label={`Changes from ${base} to ${version}`}>
        {shown.map((diff) => (
          <li key={diff.key} data-object={diff.key} data-change={diff.change}>
            <LazyDetails
              summary={
                <>
                  <span class={`tag change-${diff.change}`}>{diff.change}</span> {diff.key}
                </>
              }
            >
              {() => (
                <UnifiedDiff
                  before={diff.before ? manifestYaml(diff.before) : ''}
                  after={diff.after ? manifestYaml(diff.after) : ''}
                  label={`Diff of ${diff.key}`}
                />
              )}
            </LazyDetails>
          </li>
        ))}
      </ul>
    </div>
  );
}
