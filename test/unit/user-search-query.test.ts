// Auth0's user search query syntax (management/users/search): the parser's tree for each
// construct, operator precedence, and every refusal naming what it does not support.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseQuery, QuerySyntaxError } from '../../src/management/users/search/parse.ts';
import { dateSpan, resolveQuery } from '../../src/management/users/search/resolve.ts';
import { userFilterOf, userSortOf } from '../../src/management/users/search/index.ts';

const m = (field: string | undefined, value: object) => ({ kind: 'match', ...(field !== undefined ? { field } : {}), value });
const term = (text: string, quoted = false) => ({ type: 'term', text, quoted });

describe('parseQuery', () => {
  it('reads field:value, quoted values, wildcards and free text', () => {
    assert.deepEqual(parseQuery('name:bob'), m('name', term('bob')));
    assert.deepEqual(parseQuery('email:"bob@example.com"'), m('email', term('bob@example.com', true)));
    assert.deepEqual(parseQuery('name:"jane \\"jj\\" smith"'), m('name', term('jane "jj" smith', true)));
    assert.deepEqual(parseQuery('name:jo*'), m('name', { type: 'wildcard', pattern: 'jo*' }));
    assert.deepEqual(parseQuery('jane'), m(undefined, term('jane')));
    assert.deepEqual(parseQuery('app_metadata.plan:gold'), m('app_metadata.plan', term('gold')));
    assert.deepEqual(parseQuery('user_id:auth0\\|abc'), m('user_id', term('auth0|abc')));
    assert.deepEqual(parseQuery('name:a\\*b'), m('name', term('a*b')), 'an escaped star is literal');
  });

  it('reads inclusive, exclusive, mixed and open ranges', () => {
    assert.deepEqual(parseQuery('logins_count:[1 TO 5]'), m('logins_count', { type: 'range', from: '1', to: '5', fromInclusive: true, toInclusive: true }));
    assert.deepEqual(parseQuery('logins_count:{1 TO 5}'), m('logins_count', { type: 'range', from: '1', to: '5', fromInclusive: false, toInclusive: false }));
    assert.deepEqual(
      parseQuery('created_at:[2020-01-01 TO *}'),
      m('created_at', { type: 'range', from: '2020-01-01', to: null, fromInclusive: true, toInclusive: false }),
    );
    assert.deepEqual(parseQuery('logins_count:[* TO 3]'), m('logins_count', { type: 'range', from: null, to: '3', fromInclusive: true, toInclusive: true }));
  });

  it('binds NOT tighter than AND, and AND tighter than OR; side by side means OR', () => {
    assert.deepEqual(parseQuery('a OR b AND c'), {
      kind: 'or',
      items: [m(undefined, term('a')), { kind: 'and', items: [m(undefined, term('b')), m(undefined, term('c'))] }],
    });
    assert.deepEqual(parseQuery('NOT a AND b'), { kind: 'and', items: [{ kind: 'not', item: m(undefined, term('a')) }, m(undefined, term('b'))] });
    assert.deepEqual(parseQuery('(a OR b) AND c'), {
      kind: 'and',
      items: [{ kind: 'or', items: [m(undefined, term('a')), m(undefined, term('b'))] }, m(undefined, term('c'))],
    });
    assert.deepEqual(parseQuery('a b'), { kind: 'or', items: [m(undefined, term('a')), m(undefined, term('b'))] });
    assert.deepEqual(parseQuery('a && -b || !c'), {
      kind: 'or',
      items: [
        { kind: 'and', items: [m(undefined, term('a')), { kind: 'not', item: m(undefined, term('b')) }] },
        { kind: 'not', item: m(undefined, term('c')) },
      ],
    });
  });

  it('applies a field to a parenthesised group of values', () => {
    assert.deepEqual(parseQuery('name:(bob OR alice)'), { kind: 'or', items: [m('name', term('bob')), m('name', term('alice'))] });
  });

  it('keeps lower-case and/or as words, as Lucene does', () => {
    assert.deepEqual(parseQuery('a and b'), { kind: 'or', items: [m(undefined, term('a')), m(undefined, term('and')), m(undefined, term('b'))] });
  });

  it('refuses what it does not support, naming it', () => {
    const cases: Array<[string, RegExp]> = [
      ['name:bob~', /fuzzy/],
      ['name:bob~2', /fuzzy/],
      ['name:/bo.*/', /regular expressions/],
      ['name:"bob', /unbalanced quotes/],
      ['(name:bob', /unbalanced parentheses/],
      ['name:bob)', /unbalanced parentheses/],
      ['name:b?b', /"\?"/],
      ['name:bob^2', /boosts/],
      ['"jane smith"~3', /proximity/],
      ['+name:bob', /required-term/],
      ['logins_count:[1 TO 5', /not closed/],
      ['logins_count:[1 5]', /\[from TO to\]/],
      ['name:', /value was expected/],
      ['a AND', /term was expected/],
      ['()', /empty parentheses/],
      ['   ', /empty/],
      ['na*e:bob', /wildcards in field names/],
      ['('.repeat(40) + 'a' + ')'.repeat(40), /nest deeper/],
    ];
    for (const [q, re] of cases)
      assert.throws(
        () => parseQuery(q),
        (e: unknown) => e instanceof QuerySyntaxError && re.test(e.message),
        q,
      );
  });
});

describe('resolveQuery', () => {
  const r = (q: string) => resolveQuery(parseQuery(q));

  it('makes quoted values exact and folds the case of profile fields', () => {
    assert.deepEqual(r('email:"Bob@Example.com"'), { op: 'equals', field: 'email', value: 'bob@example.com' });
    assert.deepEqual(r('email:bob@example.com'), { op: 'equals', field: 'email', value: 'bob@example.com' });
    assert.deepEqual(r('name:"Jane Smith"'), { op: 'equals', field: 'name', value: 'jane smith' });
    assert.deepEqual(r('name:Jane'), { op: 'word', field: 'name', value: 'jane' });
    assert.deepEqual(r('user_id:auth0|ABC'), { op: 'equals', field: 'user_id', value: 'auth0|ABC' }, 'user_id keeps its case');
  });

  it('turns wildcards into literal parts, refusing short leading ones', () => {
    assert.deepEqual(r('name:Jo*'), { op: 'like', field: 'name', parts: ['jo', ''] });
    assert.deepEqual(r('email:*@example.com'), { op: 'like', field: 'email', parts: ['', '@example.com'] });
    assert.throws(() => r('name:*sa'), /leading wildcard needs at least 3/);
    assert.deepEqual(r('family_name:*'), { op: 'like', field: 'family_name', parts: ['', ''] }, 'the field has a value');
    assert.throws(() => r('name:**'), /without literal text/);
    assert.throws(() => r('*'), /without literal text/);
  });

  it('reads numbers and dates as ranges covering the period named', () => {
    assert.deepEqual(r('logins_count:3'), { op: 'range', field: 'logins_count', from: 3, to: 3, fromInclusive: true, toInclusive: true });
    const dec = dateSpan('last_login', '2017-12');
    assert.equal(new Date(dec.start).toISOString(), '2017-12-01T00:00:00.000Z');
    assert.equal(new Date(dec.end).toISOString(), '2017-12-31T23:59:59.999Z');
    assert.deepEqual(r('last_login:[* TO 2017-12]'), { op: 'range', field: 'last_login', to: dec.end, fromInclusive: true, toInclusive: true });
    assert.deepEqual(r('last_login:[* TO 2017-12}'), { op: 'range', field: 'last_login', to: dec.start, fromInclusive: true, toInclusive: false });
    assert.throws(() => r('created_at:2017-02-30'), /valid date/);
    assert.throws(() => r('logins_count:many'), /whole number/);
    assert.throws(() => r('logins_count:1*'), /wildcards are not supported on logins_count/);
  });

  it('matches metadata scalars by type and value', () => {
    assert.deepEqual(r('app_metadata.plan:"gold"'), { op: 'meta', root: 'app_metadata', path: ['plan'], value: 'gold' });
    assert.deepEqual(r('user_metadata.a.b:true'), {
      op: 'or',
      items: [
        { op: 'meta', root: 'user_metadata', path: ['a', 'b'], value: true },
        { op: 'meta', root: 'user_metadata', path: ['a', 'b'], value: 'true' },
      ],
    });
    assert.throws(() => r('user_metadata.city:Par*'), /wildcards are not supported on metadata/);
    assert.throws(() => r('app_metadata.n:[1 TO 2]'), /ranges are not supported on metadata/);
    assert.throws(() => r('app_metadata:gold'), /app_metadata cannot be searched/);
    assert.throws(() => r('app_metadata.a..b:1'), /metadata path/);
  });

  it('refuses fields Latchkey does not store or search', () => {
    assert.throws(() => r('phone_number:123'), /the field phone_number cannot be searched/);
    assert.throws(() => r('identities.connection:x'), /cannot be searched/);
    assert.throws(() => r('email_verified:yes'), /true or false/);
  });
});

describe('userFilterOf / userSortOf', () => {
  it('answers a 400 in the Management API shape', () => {
    assert.throws(
      () => userFilterOf('name:bob~'),
      (e: any) => e.statusCode === 400 && e.errorCode === 'invalid_query_string' && /fuzzy/.test(e.message),
    );
    assert.equal(userFilterOf(''), undefined);
    assert.deepEqual(userSortOf('last_login:-1'), { field: 'last_login', descending: true });
    assert.throws(
      () => userSortOf('app_metadata.x:1'),
      (e: any) => e.statusCode === 400,
    );
    assert.throws(
      () => userSortOf('created_at:2'),
      (e: any) => e.statusCode === 400,
    );
  });
});
