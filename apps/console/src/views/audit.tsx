import { useState } from 'preact/hooks';
import type { ApiClient } from '../api/client';
import { Pager } from '../components/pager';
import { Empty, Loading, ProblemView, useLoad } from '../components/states';
import { formatDate } from '../format';

const FILTERS = ['action', 'resourceType', 'actor', 'team', 'requestId'] as const;
type Filters = Record<(typeof FILTERS)[number], string>;
const NO_FILTERS: Filters = { action: '', resourceType: '', actor: '', team: '', requestId: '' };

/** The audit log, newest first, filtered by the server. */
export function Audit({ api }: { api: ApiClient }) {
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const [page] = useLoad(() => api.audit({ ...filters, cursor, limit: 50 }), [api, JSON.stringify(filters), cursor]);
  return (
    <section>
      <h1>Audit log</h1>
      <form
        class="filters"
        onSubmit={(event) => {
          event.preventDefault();
          setCursors([]);
          setFilters(draft);
        }}
      >
        {FILTERS.map((name) => (
          <label key={name}>
            {name}
            <input
              name={name}
              value={draft[name]}
              onInput={(event) => setDraft({ ...draft, [name]: event.currentTarget.value })}
            />
          </label>
        ))}
        <button type="submit">Filter</button>
      </form>
      {page.state === 'loading' && <Loading what="the audit log" />}
      {page.state === 'error' && <ProblemView error={page.error} />}
      {page.state === 'ready' && page.value.items.length === 0 && <Empty>No audit event matches.</Empty>}
      {page.state === 'ready' && page.value.items.length > 0 && (
        <div class="scroll" tabIndex={0} role="region" aria-label="Audit events">
          <table>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Action</th>
                <th scope="col">Resource</th>
                <th scope="col">Actor</th>
                <th scope="col">Team</th>
                <th scope="col">Request id</th>
              </tr>
            </thead>
            <tbody>
              {page.value.items.map((event) => (
                <tr key={event.id}>
                  <td>{formatDate(event.at)}</td>
                  <th scope="row">{event.action}</th>
                  <td>
                    {event.resourceType} <code>{event.resourceId}</code>
                  </td>
                  <td>
                    {event.actor} {event.actorTeam && <span class="muted">({event.actorTeam})</span>}
                  </td>
                  <td>{event.team ?? '—'}</td>
                  <td>
                    <code>{event.requestId ?? '—'}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {page.state === 'ready' && (
        <Pager label="Audit pages" cursors={cursors} nextCursor={page.value.nextCursor} onChange={setCursors} />
      )}
    </section>
  );
}
