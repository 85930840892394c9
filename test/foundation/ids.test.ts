// Identifier formats (auth0-behaviour §1.4) and the properties the store relies on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newClientId, newClientSecret, randomString, secureRandomBytes } from '../../src/domain/ids.ts';

test("client ids keep Auth0's format, are unique, and sort by creation time", async () => {
  const first = Array.from({ length: 5000 }, newClientId);
  for (const id of first) assert.match(id, /^[A-Za-z0-9]{32}$/);
  assert.equal(new Set(first).size, first.length);
  await new Promise((r) => setTimeout(r, 5));
  const later = newClientId();
  // Byte order (SQLite's BINARY collation): a later id sorts after every earlier one.
  for (const id of first) assert.ok(Buffer.compare(Buffer.from(id), Buffer.from(later)) < 0, `${id} !< ${later}`);
  // Apart from the 8-character time prefix, ids share nothing.
  assert.equal(new Set(first.map((id) => id.slice(8))).size, first.length);
});

test('client secrets are 64 base64url chars from fresh random bytes', () => {
  const secrets = Array.from({ length: 1000 }, newClientSecret);
  for (const s of secrets) assert.match(s, /^[A-Za-z0-9_-]{64}$/);
  assert.equal(new Set(secrets).size, secrets.length);
  // Pooled bytes are handed out once: no two draws overlap.
  const draws = Array.from({ length: 600 }, () => secureRandomBytes(16).toString('hex'));
  assert.equal(new Set(draws).size, draws.length);
  assert.equal(secureRandomBytes(10_000).length, 10_000);
});

test('random strings are uniform over the alphabet (no modulo bias)', () => {
  const counts = new Map<string, number>();
  for (const c of randomString(62_000)) counts.set(c, (counts.get(c) ?? 0) + 1);
  assert.equal(counts.size, 62);
  // Expected 1,000 each; a 5-sigma band is ±160.
  for (const [c, n] of counts) assert.ok(n > 840 && n < 1160, `${c}: ${n}`);
});
