import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { invalidAllowlistEntries, isAllowlisted } from '../../src/domain/brute-force.ts';
import { clientNetwork, networkLabel } from '../../src/domain/client-network.ts';

describe('brute-force allowlist', () => {
  test('accepts IPv4 and IPv6 addresses and CIDR ranges; names every other entry', () => {
    const good = ['192.0.2.7', '10.0.0.0/8', '0.0.0.0/0', '2001:db8::/32', '::1', '2001:db8::1/128', '::ffff:192.0.2.1'];
    assert.deepEqual(invalidAllowlistEntries(good), []);
    const bad = ['10.0.0.0/33', '2001:db8::/129', '192.0.2.1/', '192.0.2.1/8/1', '192.0.2.256', 'example.com', '10.0.0.0/-1', '10.0.0.0/ 8', ''];
    assert.deepEqual(invalidAllowlistEntries([...good, ...bad]), bad);
  });

  test('matches addresses inside a listed address or range, IPv4-mapped IPv6 as its IPv4 address', () => {
    const list = ['192.0.2.0/24', '198.51.100.7', '2001:db8:aa::/48'];
    assert.equal(isAllowlisted('192.0.2.200', list), true);
    assert.equal(isAllowlisted('::ffff:192.0.2.9', list), true);
    assert.equal(isAllowlisted('198.51.100.7', list), true);
    assert.equal(isAllowlisted('198.51.100.8', list), false);
    assert.equal(isAllowlisted('2001:db8:aa:ffff::1', list), true);
    assert.equal(isAllowlisted('2001:db8:ab::1', list), false);
    assert.equal(isAllowlisted('192.0.2.1', []), false);
  });

  test('labels a client network as people write it', () => {
    assert.equal(networkLabel(clientNetwork('2001:db8:1:2::99')), '2001:db8:1:2::/64');
    assert.equal(networkLabel(clientNetwork('::1')), '0:0:0:0::/64');
    assert.equal(networkLabel(clientNetwork('203.0.113.7')), '203.0.113.7');
  });
});
