// A Location header carries visible ASCII only (RFC 9110 §5.5): Node refuses anything else with
// a 500. Redirect URIs are checked to be ASCII when they are registered (domain/uris.ts), but a
// URI stored before that rule, or one a response adds to, is percent-encoded here rather than
// allowed to fail (RFC 3986 §2.1, UTF-8 octets).
export function locationHeaderValue(url: string): string {
  let out = '';
  for (const ch of url) {
    const code = ch.codePointAt(0)!;
    out +=
      code > 0x20 && code < 0x7f && !'"<>\\^`{|}'.includes(ch)
        ? ch
        : [...Buffer.from(ch, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
  }
  return out;
}
