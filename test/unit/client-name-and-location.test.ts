// The application-name rule and Location encoding, without HTTP.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { clientNameProblem } from '../../src/domain/client-name.ts';
import { locationHeaderValue } from '../../src/web/location.ts';

describe('clientNameProblem', () => {
  it('accepts names in any script, up to 128 characters (code points)', () => {
    for (const ok of ['My App', 'Café', '日本語のアプリ', '🙂 Smile', 'a'.repeat(128), '😀'.repeat(128)]) assert.equal(clientNameProblem(ok), null, ok);
  });
  it('refuses what can pass for something else', () => {
    for (const bad of ['', '   ', 'a'.repeat(129), '<script>', 'a>b', 'x\u202Ey', 'x\u200By', 'x\u2066y', 'x\uFEFFy', 'x\u0007y', 'x\ny', 'x\u2028y']) {
      assert.notEqual(clientNameProblem(bad), null, JSON.stringify(bad));
    }
  });
});

describe('locationHeaderValue', () => {
  it('keeps visible ASCII and percent-encodes the rest as UTF-8', () => {
    assert.equal(locationHeaderValue('https://a.example/cb?x=1&y=%20#f'), 'https://a.example/cb?x=1&y=%20#f');
    assert.equal(locationHeaderValue('https://g\u043Eogle.com/caf\u00E9 x'), 'https://g%D0%BEogle.com/caf%C3%A9%20x');
    assert.equal(locationHeaderValue('https://a.example/"<>`{|}^\\'), 'https://a.example/%22%3C%3E%60%7B%7C%7D%5E%5C');
    assert.equal(locationHeaderValue('https://a.example/\u{1F600}'), 'https://a.example/%F0%9F%98%80');
  });
});
