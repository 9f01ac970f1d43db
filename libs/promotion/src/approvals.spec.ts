import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkApprover, evaluateApprovals, validateApprovalPolicy } from './approvals';
import { anApproval, anApprovalPolicy } from './testing/approval.factory';

const requester = 'rita';
const now = new Date('2026-12-03T12:00:00Z');
const context = { requester, now };

describe('approvals', () => {
  describe('evaluateApprovals', () => {
    it('is pending with "n of m" until enough distinct approvers have approved', () => {
      const result = evaluateApprovals(anApprovalPolicy(), [anApproval('alice', '2026-12-03T11:30:00Z')], context);
      assert.equal(result.gate, 'approvals');
      assert.equal(result.status, 'pending');
      assert.equal(result.reason, 'waiting for approvals (1 of 2 approvals)');
      assert.deepEqual(result.evidence.approvedBy, [
        { approver: 'alice', role: 'operator', at: '2026-12-03T11:30:00.000Z', expiresAt: '2026-12-03T12:30:00.000Z' },
      ]);
      assert.equal(result.evaluatedAt, '2026-12-03T12:00:00.000Z');
    });

    it('passes with the required number of approvers, an admin counting for an operator policy', () => {
      const result = evaluateApprovals(
        anApprovalPolicy(),
        [anApproval('alice', '2026-12-03T11:30:00Z'), anApproval('bob', '2026-12-03T11:45:00Z', { role: 'admin' })],
        context,
      );
      assert.equal(result.status, 'passed');
      assert.equal(result.reason, 'approved (2 of 2 approvals)');
    });

    it('counts one approver once, however often they approved', () => {
      const result = evaluateApprovals(
        anApprovalPolicy(),
        [anApproval('alice', '2026-12-03T11:30:00Z'), anApproval('alice', '2026-12-03T11:40:00Z')],
        context,
      );
      assert.equal(result.status, 'pending');
      assert.deepEqual(
        result.evidence.ignored.map((entry) => [entry.approver, entry.at, entry.because]),
        [['alice', '2026-12-03T11:30:00.000Z', 'superseded']],
      );
    });

    it('never counts the requester, nor anyone below the minimum role, and says so in the evidence', () => {
      const result = evaluateApprovals(
        anApprovalPolicy({ required: 1, minimumRole: 'admin' }),
        [
          anApproval(requester, '2026-12-03T11:30:00Z', { role: 'admin' }),
          anApproval('victor', '2026-12-03T11:31:00Z'),
        ],
        context,
      );
      assert.equal(result.status, 'pending');
      assert.deepEqual(
        result.evidence.ignored.map((entry) => [entry.approver, entry.because]),
        [
          [requester, 'requester'],
          ['victor', 'role-too-low'],
        ],
      );
    });

    it('lets an approval lapse once its TTL has passed, exactly at the TTL', () => {
      const decisions = [anApproval('alice', '2026-12-03T11:00:00Z'), anApproval('bob', '2026-12-03T11:30:00Z')];
      const justBefore = evaluateApprovals(anApprovalPolicy(), decisions, {
        requester,
        now: new Date('2026-12-03T11:59:59.999Z'),
      });
      assert.equal(justBefore.status, 'passed');
      const atExpiry = evaluateApprovals(anApprovalPolicy(), decisions, context);
      assert.equal(atExpiry.status, 'pending');
      assert.deepEqual(
        atExpiry.evidence.ignored.map((entry) => [entry.approver, entry.because]),
        [['alice', 'expired']],
      );
    });

    it('fails on a decline, naming who declined and their comment, even next to enough approvals', () => {
      const result = evaluateApprovals(
        anApprovalPolicy(),
        [
          anApproval('alice', '2026-12-03T11:30:00Z'),
          anApproval('bob', '2026-12-03T11:35:00Z'),
          anApproval('carol', '2026-12-03T11:40:00Z', {
            decision: 'decline',
            comment: 'wait for the 4.2 database fix',
          }),
        ],
        context,
      );
      assert.equal(result.status, 'failed');
      assert.equal(result.reason, 'declined by carol: "wait for the 4.2 database fix"');
      assert.deepEqual(result.evidence.declinedBy, {
        approver: 'carol',
        role: 'operator',
        at: '2026-12-03T11:40:00.000Z',
        comment: 'wait for the 4.2 database fix',
      });
    });

    it('keeps a decline in force past the TTL, while a requester’s or viewer’s decline changes nothing', () => {
      const declinedLongAgo = evaluateApprovals(
        anApprovalPolicy(),
        [anApproval('carol', '2026-12-01T09:00:00Z', { decision: 'decline' })],
        context,
      );
      assert.equal(declinedLongAgo.status, 'failed');
      assert.equal(declinedLongAgo.reason, 'declined by carol');
      const ignoredDeclines = evaluateApprovals(
        anApprovalPolicy({ required: 1 }),
        [
          anApproval(requester, '2026-12-03T11:00:00Z', { decision: 'decline' }),
          anApproval('victor', '2026-12-03T11:10:00Z', { role: 'viewer', decision: 'decline' }),
          anApproval('alice', '2026-12-03T11:20:00Z'),
        ],
        context,
      );
      assert.equal(ignoredDeclines.status, 'passed');
    });

    it('takes an approver’s latest decision: approving after declining lifts their decline', () => {
      const result = evaluateApprovals(
        anApprovalPolicy({ required: 1 }),
        [
          anApproval('carol', '2026-12-03T11:40:00Z'),
          anApproval('carol', '2026-12-03T11:00:00Z', { decision: 'decline', comment: 'not before the fix' }),
        ],
        context,
      );
      assert.equal(result.status, 'passed');
    });
  });

  describe('checkApprover', () => {
    it('accepts an operator’s first approval', () => {
      assert.equal(
        checkApprover(anApprovalPolicy(), [], { approver: 'alice', role: 'operator', decision: 'approve' }, context),
        undefined,
      );
    });

    it('refuses the requester, whatever their role or decision', () => {
      assert.deepEqual(
        checkApprover(anApprovalPolicy(), [], { approver: requester, role: 'admin', decision: 'approve' }, context),
        {
          code: 'requester-cannot-approve',
          message: 'rita requested this promotion and cannot decide on it',
        },
      );
      assert.equal(
        checkApprover(anApprovalPolicy(), [], { approver: requester, role: 'admin', decision: 'decline' }, context)
          ?.code,
        'requester-cannot-approve',
      );
    });

    it('refuses a role below the policy’s minimum', () => {
      assert.deepEqual(
        checkApprover(
          anApprovalPolicy({ minimumRole: 'admin' }),
          [],
          { approver: 'alice', role: 'operator', decision: 'approve' },
          context,
        ),
        { code: 'role-too-low', message: 'deciding needs the admin role; alice is operator' },
      );
      assert.equal(
        checkApprover(anApprovalPolicy(), [], { approver: 'victor', role: 'viewer', decision: 'decline' }, context)
          ?.code,
        'role-too-low',
      );
    });

    it('refuses approving twice while the first approval counts, but renews an expired one and allows a change of mind', () => {
      const alice = { approver: 'alice', role: 'operator' as const };
      const fresh = [anApproval('alice', '2026-12-03T11:30:00Z')];
      assert.deepEqual(checkApprover(anApprovalPolicy(), fresh, { ...alice, decision: 'approve' }, context), {
        code: 'already-approved',
        message: 'alice already approved this promotion',
      });
      assert.equal(checkApprover(anApprovalPolicy(), fresh, { ...alice, decision: 'decline' }, context), undefined);
      const lapsed = [anApproval('alice', '2026-12-03T10:00:00Z')];
      assert.equal(checkApprover(anApprovalPolicy(), lapsed, { ...alice, decision: 'approve' }, context), undefined);
    });
  });

  describe('validateApprovalPolicy', () => {
    it('accepts a sensible policy', () => {
      assert.deepEqual(validateApprovalPolicy(anApprovalPolicy()), []);
    });

    it('names an approver count outside 1 to 10 and a TTL outside a minute to 30 days', () => {
      assert.deepEqual(
        validateApprovalPolicy(anApprovalPolicy({ required: 0, ttlSeconds: 59 }), 'stages[2].approvals'),
        [
          { field: 'stages[2].approvals.required', message: 'must be a whole number from 1 to 10' },
          { field: 'stages[2].approvals.ttlSeconds', message: 'must be a whole number of seconds from 60 to 2592000' },
        ],
      );
      assert.equal(validateApprovalPolicy(anApprovalPolicy({ required: 11, ttlSeconds: 2_592_001 })).length, 2);
    });
  });
});
