// The unit a per-IP registration rate limit counts (RFC 6177 §2), without HTTP.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { clientNetwork } from '../../src/oauth/endpoints/registration/policies/client-network.ts';

describe('clientNetwork', () => {
  it('keeps an IPv4 address as is', () => {
    assert.equal(clientNetwork('203.0.113.7'), '203.0.113.7');
  });

  it('counts IPv6 addresses by their /64, however they are written', () => {
    const expected = '2001:0db8:0001:0002::/64';
    for (const ip of ['2001:db8:1:2::1', '2001:db8:1:2:ffff:ffff:ffff:ffff', '2001:0DB8:0001:0002:0:0:0:9', '2001:db8:1:2::1%eth0']) {
      assert.equal(clientNetwork(ip), expected, ip);
    }
    assert.notEqual(clientNetwork('2001:db8:1:3::1'), expected);
    assert.equal(clientNetwork('::1'), '0000:0000:0000:0000::/64');
  });

  it('reads an IPv4-mapped IPv6 address as its IPv4 address, dotted or in hex', () => {
    assert.equal(clientNetwork('::ffff:198.51.100.4'), '198.51.100.4');
    assert.equal(clientNetwork('::ffff:c633:6404'), '198.51.100.4');
  });

  it('expands an embedded dotted quad that is not IPv4-mapped', () => {
    assert.equal(clientNetwork('64:ff9b::192.0.2.33'), '0064:ff9b:0000:0000::/64');
  });
});
