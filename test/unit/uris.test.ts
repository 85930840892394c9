// The URI rules of domain/uris.ts, without HTTP: what dynamic registration and the Management
// API both apply to redirect URIs and informational URLs.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isLoopback, isLoopbackUri, nonVerifiableCallback, parseAbsoluteUri, uriPatternMatcher, webUrlProblem } from '../../src/domain/uris.ts';

describe('parseAbsoluteUri', () => {
  it('accepts absolute URIs as registered, including private-use schemes and loopback http', () => {
    for (const ok of ['https://app.example/cb', 'http://127.0.0.1:8080/cb', 'com.example.app:/oauth2redirect', 'https://app.example/cb?x=1']) {
      assert.equal(parseAbsoluteUri(ok).problem, undefined, ok);
    }
  });

  it('refuses what parsers would repair or read differently, and schemes that run code', () => {
    const cases: Array<[string, RegExp]> = [
      ['https://a.example/c b', /whitespace/],
      ['https://a.example/\u0000', /control/],
      ['https://a.example\\@evil.example/', /backslash/],
      ['https://a.example/cb#x', /fragment/],
      ['/relative', /absolute/],
      ['javascript:alert(1)', /javascript:/],
      ['data:text/html,x', /data:/],
      ['filesystem:https://a.example/temporary/x', /filesystem:/],
      ['https:a.example/cb', /must start with https:\/\//],
      ['https:/a.example/cb', /must start with https:\/\//],
      ['https://u:p@a.example/cb', /credentials/],
      ['https://*.example.com/cb', /wildcard/],
    ];
    for (const [raw, problem] of cases) assert.match(parseAbsoluteUri(raw).problem ?? '(accepted)', problem, raw);
  });
});

describe('webUrlProblem', () => {
  it('wants http(s); with httpsOnly, http on loopback hosts only', () => {
    assert.equal(webUrlProblem('https://a.example/logo.png', true), null);
    assert.equal(webUrlProblem('http://localhost:3000/logo.png', true), null);
    assert.match(webUrlProblem('http://a.example/logo.png', true)!, /must use https/);
    assert.equal(webUrlProblem('http://a.example/logo.png', false), null);
    assert.match(webUrlProblem('ftp://a.example/x', false)!, /http or https/);
  });
});

describe('loopback', () => {
  it('is localhost, 127.0.0.1 and [::1], nothing that merely looks like them', () => {
    for (const host of ['http://localhost/cb', 'http://127.0.0.1:9/cb', 'http://[::1]:9/cb']) assert.ok(isLoopbackUri(host), host);
    for (const host of ['http://localhost.evil.example/cb', 'http://127.0.0.2/cb', 'not a uri']) assert.equal(isLoopbackUri(host), false, host);
    assert.ok(isLoopback(new URL('http://LOCALHOST/')));
  });
});

describe('nonVerifiableCallback (skip_non_verifiable_callback_uri_confirmation_prompt)', () => {
  it('a custom scheme is an app on the device, named by its scheme', () => {
    assert.deepEqual(nonVerifiableCallback('com.example.app:/oauth2redirect'), { kind: 'app', scheme: 'com.example.app' });
    assert.deepEqual(nonVerifiableCallback('myapp://callback'), { kind: 'app', scheme: 'myapp' });
    assert.deepEqual(nonVerifiableCallback('Com.Example.App:/cb'), { kind: 'app', scheme: 'com.example.app' });
  });

  it('http(s) on the device is a program on a loopback host and port, the default port when none is written', () => {
    const cases: Array<[string, string, number]> = [
      ['http://127.0.0.1:8080/cb', '127.0.0.1', 8080],
      ['http://127.0.0.1/cb', '127.0.0.1', 80],
      ['https://localhost/cb', 'localhost', 443],
      ['http://LOCALHOST:3000/', 'localhost', 3000],
      ['http://app.localhost:5173/cb', 'app.localhost', 5173],
      ['http://localhost.:3000/cb', 'localhost.', 3000],
      ['http://127.45.6.7:9/cb', '127.45.6.7', 9],
      ['http://127.1:9/cb', '127.0.0.1', 9],
      ['http://0x7f.1:9/cb', '127.0.0.1', 9],
      ['http://[::1]:9/cb', '[::1]', 9],
      ['http://[0:0:0:0:0:0:0:1]:9/cb', '[::1]', 9],
      ['http://[::ffff:127.0.0.1]:9/cb', '[::ffff:7f00:1]', 9],
    ];
    for (const [uri, host, port] of cases) assert.deepEqual(nonVerifiableCallback(uri), { kind: 'loopback', host, port }, uri);
  });

  it('a website is verifiable, including names that only look like the device', () => {
    for (const uri of [
      'https://app.example.com/cb',
      'http://intranet.example/cb',
      'https://localhost.evil.example/cb',
      'https://localhostx/cb',
      'http://128.0.0.1/cb',
      'http://10.0.0.1/cb',
      'http://[::2]/cb',
      'https://127.0.0.1.nip.io/cb',
    ]) {
      assert.equal(nonVerifiableCallback(uri), null, uri);
    }
  });
});

describe('uriPatternMatcher (registration_policy.allowed_redirect_uri_patterns)', () => {
  it('a star is subdomains at the start of a host, any port, or the rest of a path; nothing else', () => {
    const cases: Array<[string, string, boolean]> = [
      ['https://*.partner.example/*', 'https://a.partner.example/cb', true],
      ['https://*.partner.example/*', 'https://a.b.partner.example/x?y=1', true],
      ['https://*.partner.example/*', 'https://partner.example/cb', false],
      ['https://*.partner.example/*', 'https://evilpartner.example/cb', false],
      ['https://*.partner.example/*', 'https://a.partner.example.evil.com/cb', false],
      ['http://127.0.0.1:*/*', 'http://127.0.0.1:8080/callback', true],
      ['http://127.0.0.1:*/*', 'http://127.0.0.1/callback', false],
      ['http://127.0.0.1:*/*', 'http://127.0.0.1.evil.com:80/x', false],
      ['https://app.example/cb', 'https://app.example/cb', true],
      ['https://app.example/cb', 'https://app.example/cb2', false],
      ['https://app.example*', 'https://app.exampleeee/x', false],
      ['https://a*b.example/cb', 'https://axxb.example/cb', false],
      ['com.example.app:/*', 'com.example.app:/oauth', true],
      ['com.example.app:/*', 'com.example.evil:/oauth', false],
    ];
    for (const [pattern, uri, matches] of cases) assert.equal(uriPatternMatcher(pattern)(uri), matches, `${pattern} ~ ${uri}`);
  });
});
