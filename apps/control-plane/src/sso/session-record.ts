import { SsoSessionEntity } from '@fleetplane/persistence';

/** A session as the audit log keeps it: who, what grant, until when; not its token's or code's hash. */
export function sessionRecord(session: SsoSessionEntity): object {
  const { tokenHash: _token, handoffHash: _handoff, handoffChallenge: _challenge, ...record } = session;
  return record;
}
