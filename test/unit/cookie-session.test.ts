// Session cookies and idle ends, without HTTP: shared by sign-in and dashboard sessions.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { nextIdleEnd, sessionCookieValue } from '../../src/sessions/cookie-session.ts';

describe('session cookies', () => {
  it('are read only when they have the shape of 256 random bits', () => {
    const good = 'A'.repeat(43);
    assert.equal(sessionCookieValue({ s: good }, 's'), good);
    for (const bad of [undefined, '', 'A'.repeat(42), 'A'.repeat(44), `${'A'.repeat(42)}=`, `${'A'.repeat(42)};`])
      assert.equal(sessionCookieValue({ s: bad }, 's'), undefined);
  });
});

describe('idle ends', () => {
  const now = new Date('2026-01-01T00:00:00Z');
  const at = (ms: number) => new Date(now.getTime() + ms);
  it('move forward by the idle time, never past the absolute end', () => {
    assert.deepEqual(nextIdleEnd({ expiresAt: at(10 * 3_600_000), idleExpiresAt: at(60_000) }, now, 3_600_000), { idleExpiresAt: at(3_600_000), touch: true });
    assert.deepEqual(nextIdleEnd({ expiresAt: at(1_800_000), idleExpiresAt: at(60_000) }, now, 3_600_000), { idleExpiresAt: at(1_800_000), touch: true });
  });
  it('are written at most once a minute', () => {
    assert.equal(nextIdleEnd({ expiresAt: at(10 * 3_600_000), idleExpiresAt: at(3_600_000 - 30_000) }, now, 3_600_000).touch, false);
    assert.equal(nextIdleEnd({ expiresAt: at(10 * 3_600_000), idleExpiresAt: at(3_600_000 - 61_000) }, now, 3_600_000).touch, true);
  });
});
