// Typed readers for RFC 7591 §2 metadata members. A member is read only when it is the
// body's own property (never an inherited one such as `constructor`); JSON null counts as
// absent, since a client information response never carries null (RFC 7591 §3.2.1).
import { InvalidClientMetadata } from '../../../errors.ts';

export type Body = Record<string, unknown>;

/** Control characters have no place in metadata that is stored and shown to people. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

export function member(body: Body, name: string): unknown {
  if (!Object.hasOwn(body, name)) return undefined;
  const value = body[name];
  return value === null ? undefined : value;
}

/** What is wrong with a string member, or null. */
function stringProblem(value: unknown, maxLength: number): string | null {
  if (typeof value !== 'string') return 'must be a string';
  if (value.length === 0) return 'must not be empty';
  if (value.length > maxLength) return `must be at most ${maxLength} characters`;
  if (CONTROL.test(value)) return 'must not contain control characters';
  return null;
}

function checkString(name: string, value: unknown, maxLength: number): string {
  const problem = stringProblem(value, maxLength);
  if (problem) throw new InvalidClientMetadata(`${name} ${problem}`);
  return value as string;
}

export function optionalString(body: Body, name: string, maxLength: number): string | undefined {
  const value = member(body, name);
  return value === undefined ? undefined : checkString(name, value, maxLength);
}

/** An array of strings; `make` builds the error (invalid_client_metadata unless told). */
export function stringArray(
  name: string,
  value: unknown,
  bounds: { maxItems: number; maxLength: number; minItems?: number },
  make: (description: string) => Error = (d) => new InvalidClientMetadata(d),
): string[] {
  if (!Array.isArray(value)) throw make(`${name} must be an array of strings`);
  if (value.length < (bounds.minItems ?? 0)) throw make(`${name} must contain at least ${bounds.minItems} entr${bounds.minItems === 1 ? 'y' : 'ies'}`);
  if (value.length > bounds.maxItems) throw make(`${name} must contain at most ${bounds.maxItems} entries`);
  return value.map((item, i) => {
    const problem = stringProblem(item, bounds.maxLength);
    if (problem) throw make(`${name}[${i}] ${problem}`);
    return item as string;
  });
}

export function optionalStringArray(body: Body, name: string, bounds: { maxItems: number; maxLength: number }): string[] | undefined {
  const value = member(body, name);
  return value === undefined ? undefined : stringArray(name, value, bounds);
}

/** One of a fixed set of values, with a default when absent. */
export function oneOf<T extends string>(body: Body, name: string, allowed: readonly T[], fallback: T): T {
  const value = member(body, name);
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new InvalidClientMetadata(`${name} must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}
