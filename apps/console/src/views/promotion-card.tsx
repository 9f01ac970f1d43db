import type { ApiClient } from '../api/client';
import type { GateResultView, PromotionView, WhoAmIView } from '../api/types';
import { Link } from '../components/link';
import { toYaml } from '../diff/yaml';
import { formatDate } from '../format';
import { canOperate } from '../roles';
import { PromotionDecision } from './promotion-decision';

/** One promotion: what it moves, its state and reason, each gate's result with its evidence, and its approvals. */
export function PromotionCard(props: {
  api: ApiClient;
  me: WhoAmIView;
  promotion: PromotionView;
  onDecided: () => void;
}) {
  const { api, me, promotion, onDecided } = props;
  const moves = promotion.items.map((item) => item.application).join(', ');
  return (
    <div class="group" data-promotion={promotion.id}>
      <h3>
        {moves}: {promotion.from} → {promotion.to}{' '}
        <span class={`badge state-${promotion.state}`} data-testid="promotion-state">
          {promotion.state}
        </span>
      </h3>
      <p>{promotion.reason}</p>
      <p class="muted small">
        requested by {promotion.requestedBy} · team {promotion.team} · {formatDate(promotion.createdAt)}
        {promotion.finishedAt && ` · finished ${formatDate(promotion.finishedAt)}`}
      </p>
      <ul class="plain">
        {promotion.items.map((item) => (
          <li key={item.application}>
            {item.application}: {item.previousRelease ?? 'nothing'} → <strong>{item.release}</strong>
            {item.deploymentId && (
              <>
                {' '}
                (<Link href={`/deployments/${item.deploymentId}`}>deployment</Link>)
              </>
            )}
          </li>
        ))}
      </ul>
      {promotion.gateResults.length > 0 && <Gates results={promotion.gateResults} />}
      {promotion.approvals.length > 0 && (
        <>
          <h4>Approvals</h4>
          <ul class="plain">
            {promotion.approvals.map((approval) => (
              <li key={`${approval.approver} ${approval.at}`}>
                <strong>{approval.decision}</strong> by {approval.approver} ({approval.role}), {formatDate(approval.at)}
                {approval.comment && `: “${approval.comment}”`}
              </li>
            ))}
          </ul>
        </>
      )}
      {promotion.state === 'AwaitingApproval' && canOperate(me) && (
        <PromotionDecision api={api} promotion={promotion} onDecided={onDecided} />
      )}
    </div>
  );
}

function Gates({ results }: { results: GateResultView[] }) {
  return (
    <>
      <h4>Gates</h4>
      <ul class="plain">
        {results.map((result) => (
          <li key={result.gate} data-gate={result.gate}>
            <span class={`badge gate-${result.status}`}>{result.status}</span> <strong>{result.gate}</strong>:{' '}
            {result.reason} <span class="muted small">({formatDate(result.evaluatedAt)})</span>
            {Object.keys(result.evidence).length > 0 && (
              <details>
                <summary>Evidence</summary>
                <pre class="evidence">{toYaml(result.evidence)}</pre>
              </details>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
