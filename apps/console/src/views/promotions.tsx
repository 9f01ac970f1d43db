import { useState } from 'preact/hooks';
import type { ApiClient } from '../api/client';
import { PROMOTION_STATES, type WhoAmIView } from '../api/types';
import { Pager } from '../components/pager';
import { Empty, Loading, ProblemView, useLoad } from '../components/states';
import { EnvironmentsPanel } from './environments-panel';
import { PipelinePanel } from './pipeline-panel';
import { PromotionCard } from './promotion-card';

/** Environments and what runs in each, an application's pipeline, and the promotions with their gates. */
export function Promotions({ api, me }: { api: ApiClient; me: WhoAmIView }) {
  return (
    <section>
      <h1>Promotions</h1>
      <EnvironmentsPanel api={api} />
      <PipelinePanel api={api} />
      <PromotionList api={api} me={me} />
    </section>
  );
}

function PromotionList({ api, me }: { api: ApiClient; me: WhoAmIView }) {
  const [state, setState] = useState('');
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const [page, reload] = useLoad(() => api.promotions({ limit: 20, cursor, state }), [api, cursor, state]);
  return (
    <>
      <h2>Promotion history</h2>
      <div class="filters">
        <div class="field">
          <label for="promotion-state">State</label>
          <select
            id="promotion-state"
            value={state}
            onChange={(event) => {
              setState(event.currentTarget.value);
              setCursors([]);
            }}
          >
            <option value="">Any state</option>
            {PROMOTION_STATES.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </div>
      </div>
      {page.state === 'loading' && <Loading what="promotions" />}
      {page.state === 'error' && <ProblemView error={page.error} />}
      {page.state === 'ready' && page.value.items.length === 0 && (
        <Empty>No promotion yet. Start one with `fleetplane promote` or POST /v1/promotions.</Empty>
      )}
      {page.state === 'ready' &&
        page.value.items.map((promotion) => (
          <PromotionCard key={promotion.id} api={api} me={me} promotion={promotion} onDecided={reload} />
        ))}
      {page.state === 'ready' && (
        <Pager label="Promotion pages" cursors={cursors} nextCursor={page.value.nextCursor} onChange={setCursors} />
      )}
    </>
  );
}
