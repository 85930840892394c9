// Request validation against the TypeBox schemas, with Auth0's message style
// ("Payload validation error: '<what>' on property <path> (<description>).", auth0-behaviour §2.3).
// Fastify's Ajv would strip unknown keys; Auth0 refuses them, so /api/v2 validates here instead.
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { invalidBody, invalidQuery, invalidUri } from './errors.ts';

interface SchemaError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
}

type Validator = ReturnType<typeof Compile<TSchema>>;
const compiled = new WeakMap<TSchema, Validator>();

function validatorFor(schema: TSchema): Validator {
  let v = compiled.get(schema);
  if (!v) {
    v = Compile(schema);
    compiled.set(schema, v);
  }
  return v;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function valueAt(root: unknown, path: string[]): unknown {
  let v: unknown = root;
  for (const key of path) v = v !== null && typeof v === 'object' && Object.hasOwn(v, key) ? (v as Record<string, unknown>)[key] : undefined;
  return v;
}

/** The sub-schema that describes `path` (properties and items only; enough for descriptions). */
function schemaAt(schema: TSchema, path: string[]): Record<string, unknown> | undefined {
  let s: Record<string, unknown> | undefined = schema as Record<string, unknown>;
  for (const key of path) {
    if (!s) return undefined;
    const props = s.properties as Record<string, Record<string, unknown>> | undefined;
    if (props && Object.hasOwn(props, key)) s = props[key];
    else if (s.items && /^\d+$/.test(key)) s = s.items as Record<string, unknown>;
    else return undefined;
  }
  return s;
}

function clip(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** What went wrong, in z-schema's words (the validator behind Auth0's messages). */
function describe(err: SchemaError, value: unknown): string {
  const p = err.params;
  switch (err.keyword) {
    case 'additionalProperties':
      return `Additional properties not allowed: ${(p.additionalProperties as string[]).join(',')}`;
    case 'required':
      return `Missing required property: ${(p.requiredProperties as string[] | undefined)?.join(',') ?? ''}`;
    case 'minProperties':
      return `Too few properties defined (${Object.keys(value as object).length}), minimum ${p.limit}`;
    case 'maxProperties':
      return `Too many properties defined (${Object.keys(value as object).length}), maximum ${p.limit}`;
    case 'type':
      return `Expected type ${p.type} but found type ${typeName(value)}`;
    case 'minLength':
      return `String is too short (${(value as string).length} chars), minimum ${p.limit}`;
    case 'maxLength':
      return `String is too long (${(value as string).length} chars), maximum ${p.limit}`;
    case 'pattern':
      return `String does not match pattern ${p.pattern}: ${clip(value)}`;
    case 'format':
      return `Object didn't pass validation for format ${p.format}: ${clip(value)}`;
    case 'enum':
    case 'const':
      return `No enum match for: ${clip(JSON.stringify(value))}`;
    case 'minimum':
      return `Value ${value} is less than minimum ${p.limit}`;
    case 'maximum':
      return `Value ${value} is greater than maximum ${p.limit}`;
    case 'minItems':
      return `Array is too short (${(value as unknown[]).length}), minimum ${p.limit}`;
    case 'maxItems':
      return `Array is too long (${(value as unknown[]).length}), maximum ${p.limit}`;
    case 'uniqueItems':
      return 'Array items are not unique';
    default:
      return `Data does not match the schema (${err.keyword})`;
  }
}

/** `flags`, `callbacks[2]`, `jwt_configuration.alg` */
function propertyLabel(path: string[]): string {
  return path.reduce((acc, key) => (/^\d+$/.test(key) ? `${acc}[${key}]` : acc ? `${acc}.${key}` : key), '');
}

/** One message for the most telling error (z-schema reports the first). */
function formatError(schema: TSchema, input: unknown, errors: SchemaError[]): string {
  // `additionalProperties: false` also yields a "schema is false" error for each extra key.
  const err = errors.find((e) => e.keyword !== 'boolean') ?? errors[0]!;
  const path = err.instancePath
    .split('/')
    .slice(1)
    .map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
  const what = describe(err, valueAt(input, path));
  if (path.length === 0) return `'${what}'.`;
  const description = (schemaAt(schema, path)?.description as string | undefined)?.replace(/\.$/, '');
  return `'${what}' on property ${propertyLabel(path)}${typeof description === 'string' ? ` (${description})` : ''}.`;
}

function firstErrors(schema: TSchema, value: unknown): SchemaError[] | null {
  const v = validatorFor(schema);
  if (v.Check(value)) return null;
  return [...v.Errors(value)] as SchemaError[];
}

/** Validates a JSON body; 400 invalid_body otherwise. */
export function checkBody(schema: TSchema, body: unknown): void {
  const errors = firstErrors(schema, body);
  if (errors) throw invalidBody(formatError(schema, body, errors));
}

/** `'Additional properties not allowed: a,b'.`, as Auth0 words it for a body. */
function unknownNames(schema: TSchema, raw: Record<string, unknown>): string | undefined {
  const props = ((schema as Record<string, unknown>).properties ?? {}) as Record<string, unknown>;
  const unknown = Object.keys(raw).filter((key) => !Object.hasOwn(props, key));
  return unknown.length ? `'Additional properties not allowed: ${unknown.map((k) => clip(k)).join(',')}'.` : undefined;
}

/**
 * Query and path values arrive as strings: convert what the schema types as number/boolean, then
 * validate. A query parameter the route does not know is refused, naming it, as Auth0 refuses an
 * unknown body property: a filter that would be silently ignored returns the wrong items.
 */
export function checkQuery(schema: TSchema, raw: Record<string, unknown>, kind: 'query' | 'path' = 'query'): Record<string, unknown> {
  const props = ((schema as Record<string, unknown>).properties ?? {}) as Record<string, { type?: string }>;
  if (kind === 'query') {
    const unknown = unknownNames(schema, raw);
    if (unknown) throw invalidQuery(unknown);
  }
  const out: Record<string, unknown> = Object.create(null);
  for (const [key, value] of Object.entries(raw)) {
    const type = Object.hasOwn(props, key) ? props[key]!.type : undefined;
    // A repeated parameter is a list where the schema takes one (`identifiers=a&identifiers=b`),
    // else it keeps its last value.
    if (type === 'array') {
      out[key] = Array.isArray(value) ? value : [value];
      continue;
    }
    const v = Array.isArray(value) ? value.at(-1) : value;
    if (typeof v === 'string' && (type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?$/.test(v)) out[key] = Number(v);
    else if (typeof v === 'string' && type === 'boolean' && (v === 'true' || v === 'false')) out[key] = v === 'true';
    else out[key] = v;
  }
  const errors = firstErrors(schema, out);
  if (errors) {
    const message = formatError(schema, out, errors);
    throw kind === 'query' ? invalidQuery(message) : invalidUri(message);
  }
  return out;
}
