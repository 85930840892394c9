// The part of Auth0's Lucene `q` that GET /api/v2/logs answers: types (one or a group), client,
// user, date ranges (open ends, a date alone as an upper end covering its whole day), AND.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLogQuery } from '../../src/management/logs/query.ts';
import { ManagementError } from '../../src/management/errors.ts';

test('types, client and user, joined with AND or a space; repeated types narrow', () => {
  assert.deepEqual(parseLogQuery('type:(s OR fp) AND client_id:"abc" user_id:"auth0|1"'), { types: ['s', 'fp'], clientId: 'abc', userId: 'auth0|1' });
  assert.deepEqual(parseLogQuery('type:(s OR fp) AND type:fp'), { types: ['fp'] });
  assert.deepEqual(parseLogQuery(''), {});
});

test('date ranges: instants, dates, open ends; a date alone as the upper end is the whole day', () => {
  assert.deepEqual(parseLogQuery('date:[2026-01-01 TO 2026-01-31]'), {
    from: new Date('2026-01-01T00:00:00.000Z'),
    to: new Date('2026-01-31T23:59:59.999Z'),
  });
  assert.deepEqual(parseLogQuery('date:[2026-01-01T10:00:00Z TO *]'), { from: new Date('2026-01-01T10:00:00Z') });
  assert.deepEqual(parseLogQuery('date:[* TO "2026-01-02T00:00:00.000Z"] AND type:s'), { to: new Date('2026-01-02T00:00:00.000Z'), types: ['s'] });
  // Two ranges: the narrower bound of each end.
  assert.deepEqual(parseLogQuery('date:[2026-01-01 TO 2026-01-31] date:[2026-01-10 TO 2026-02-10]'), {
    from: new Date('2026-01-10T00:00:00.000Z'),
    to: new Date('2026-01-31T23:59:59.999Z'),
  });
});

test('anything else is a 400 naming what to use, not an ignored filter', () => {
  for (const q of ['user_name:ada', 'date:[yesterday TO *]', 'date:[2026-02-31 TO *]', 'client_id:(a OR b)', 'type:s OR type:fp', 'date:2026-01-01']) {
    assert.throws(
      () => parseLogQuery(q),
      (err: unknown) => err instanceof ManagementError && err.status === 400 && /^Query validation error: q: /.test(err.message),
      q,
    );
  }
});
