import type { ApiClient } from '../api/client';
import { Link } from '../components/link';
import { ObjectList } from '../components/object-list';
import { Loading, ProblemView, useLoad } from '../components/states';
import { formatDate } from '../format';
import { ReleaseCompare } from './release-compare';
import { ReleasePreview } from './release-preview';

/** One release: its objects (each opening to its YAML), what a chosen cluster would receive, and a diff with another. */
export function Release({ api, application, version }: { api: ApiClient; application: string; version: string }) {
  const [loaded] = useLoad(
    () =>
      Promise.all([
        api.release(application, version),
        api.releaseManifests(application, version),
        api.releases(application, { limit: 100 }),
      ]),
    [api, application, version],
  );
  return (
    <section>
      <p>
        <Link href="/applications">← Applications</Link>
      </p>
      <h1>
        Release {version} of {application}
      </h1>
      {loaded.state === 'loading' && <Loading what="the release" />}
      {loaded.state === 'error' && <ProblemView error={loaded.error} />}
      {loaded.state === 'ready' && (
        <>
          <p class="muted">
            {loaded.value[0].objectCount} objects · created {formatDate(loaded.value[0].createdAt)} ·{' '}
            <code>{loaded.value[0].contentHash}</code>
          </p>
          <h2>Objects</h2>
          <ObjectList objects={loaded.value[1].objects} label={`Objects of release ${version}`} />
          {/* Keyed by release, so moving to another release starts both forms afresh. */}
          <ReleasePreview key={`preview ${version}`} api={api} application={application} version={version} />
          <ReleaseCompare
            key={`compare ${version}`}
            api={api}
            application={application}
            version={version}
            objects={loaded.value[1].objects}
            others={loaded.value[2].items.map((release) => release.version)}
          />
        </>
      )}
    </section>
  );
}
