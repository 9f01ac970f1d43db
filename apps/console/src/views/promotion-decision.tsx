import { useState } from 'preact/hooks';
import type { ApiClient } from '../api/client';
import type { PromotionView } from '../api/types';
import { ProblemView } from '../components/states';

/**
 * Approve or reject a promotion waiting for approval, with a comment (the API requires one to reject).
 * Rejecting ends the promotion, so it asks first. The API checks the role and the approver again.
 */
export function PromotionDecision(props: { api: ApiClient; promotion: PromotionView; onDecided: () => void }) {
  const { api, promotion, onDecided } = props;
  const [comment, setComment] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const decide = async (decision: 'approve' | 'reject') => {
    setConfirming(false);
    setFailure(null);
    try {
      await api.decide(promotion.id, decision, comment.trim());
      onDecided();
    } catch (error) {
      setFailure(error);
    }
  };
  const commentId = `comment-${promotion.id}`;
  return (
    <div class="actions" role="group" aria-label="Promotion decision">
      <div class="field">
        <label for={commentId}>Comment</label>{' '}
        <input id={commentId} value={comment} maxLength={1000} onInput={(e) => setComment(e.currentTarget.value)} />
      </div>
      <button type="button" class="primary" onClick={() => void decide('approve')}>
        Approve
      </button>
      <button type="button" class="danger" disabled={!comment.trim()} onClick={() => setConfirming(true)}>
        Reject
      </button>
      {!comment.trim() && <span class="muted small">A comment is needed to reject.</span>}
      {confirming && (
        <div role="alertdialog" aria-labelledby={`confirm-${promotion.id}`} class="confirm">
          <p id={`confirm-${promotion.id}`}>Reject this promotion? It ends here and nothing is deployed.</p>
          <button type="button" class="danger" onClick={() => void decide('reject')}>
            Yes, reject
          </button>
          <button type="button" autoFocus onClick={() => setConfirming(false)}>
            Keep it
          </button>
        </div>
      )}
      {failure !== null && <ProblemView error={failure} />}
    </div>
  );
}
