// No text we store or compare may contain U+0000: PostgreSQL refuses it in text columns, and it
// has no place in any protocol parameter. Requests carrying one are refused with a 400 in the
// family of the route before any handler runs, on SQLite and PostgreSQL alike.
import type { FastifyInstance } from 'fastify';

function containsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (value === null || typeof value !== 'object' || depth > 32) return false;
  for (const [key, inner] of Object.entries(value)) {
    if (key.includes('\u0000') || containsNul(inner, depth + 1)) return true;
  }
  return false;
}

export function refuseNulCharacters(app: FastifyInstance): void {
  app.addHook('preValidation', (request, _reply, done) => {
    // The query and the path parameters are decoded from the URL, where a NUL can only be
    // written %00 (Node's HTTP parser refuses a raw one): only then are they walked.
    const inUrl = request.url.includes('%00') && (containsNul(request.query) || containsNul(request.params));
    if (inUrl || (request.body !== undefined && containsNul(request.body))) {
      return done(Object.assign(new Error('The request contains a NUL character.'), { statusCode: 400 }));
    }
    done();
  });
}
