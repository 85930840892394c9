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

export function checkString(name: string, value: unknown, maxLength: number): string {
  if (typeof value !== 'string') throw new InvalidClientMetadata(`${name} must be a string`);
  if (value.length === 0) throw new InvalidClientMetadata(`${name} must not be empty`);
  if (value.length > maxLength) throw new InvalidClientMetadata(`${name} must be at most ${maxLength} characters`);
  if (CONTROL.test(value)) throw new InvalidClientMetadata(`${name} must not contain control characters`);
  return value;
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
    try {
      return checkString(`${name}[${i}]`, item, bounds.maxLength);
    } catch (err) {
      throw make((err as InvalidClientMetadata).description);
    }
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
