import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDuration } from './durations';

describe('formatDuration', () => {
  it('shows milliseconds under a second, tenths of seconds under a minute', () => {
    assert.equal(formatDuration(0), '0ms');
    assert.equal(formatDuration(850), '850ms');
    assert.equal(formatDuration(4_249), '4.2s');
  });

  it('shows minutes and seconds under an hour, then hours and minutes', () => {
    assert.equal(formatDuration(185_000), '3m05s');
    assert.equal(formatDuration(2 * 3_600_000 + 7 * 60_000 + 59_000), '2h07m');
  });

  it('shows nothing for a step not reached yet', () => {
    assert.equal(formatDuration(null), '');
    assert.equal(formatDuration(undefined), '');
  });
});
