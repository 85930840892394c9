// One environment variable, declared once: its name, its documentation and default (on a TypeBox
// schema of the value), and how its text becomes that value. loadConfig, `latchkey --help` and the
// README's Configuration table are all read from these declarations.
import { Type, type Static, type TSchema, type TSchemaOptions } from 'typebox';
import { Value } from 'typebox/value';
import { ConfigError } from './errors.ts';

export type Env = Readonly<Record<string, string | undefined>>;

export interface Variable<S extends TSchema = TSchema> {
  readonly name: string;
  /** Schema of the value. `description` is the documentation (Markdown); `default`, if set, the default. */
  readonly schema: S;
  /** The default as the documentation writes it (Markdown), when it is not `schema.default` as code. */
  readonly shownDefault?: string;
  /** An empty value counts as unset (true for all but LOG_LEVEL, whose empty value has always been refused). */
  readonly emptyIsUnset?: boolean;
  /** Text (undefined when unset) -> value. May throw ConfigError for a rule the schema cannot state. */
  readonly parse: (text: string | undefined, env: Env) => unknown;
  /** What the error says after `NAME: ` when the parsed value does not match the schema. */
  readonly invalid: (text: string) => string;
}

/** Keeps the schema's type for the Config derived from the declarations. */
export function variable<S extends TSchema>(declaration: Variable<S>): Variable<S> {
  return declaration;
}

export function readVariable<S extends TSchema>(declaration: Variable<S>, env: Env): Static<S> {
  const raw = env[declaration.name];
  const text = raw === '' && declaration.emptyIsUnset !== false ? undefined : raw;
  const value = declaration.parse(text, env);
  if (!Value.Check(declaration.schema, value)) throw new ConfigError(declaration.name, declaration.invalid(text ?? ''));
  return value;
}

export function documentedDefault(declaration: Variable): string {
  if (declaration.shownDefault !== undefined) return declaration.shownDefault;
  const value: unknown = (declaration.schema as TSchemaOptions).default;
  return value === undefined ? 'unset' : `\`${String(value)}\``;
}

export function documentation(declaration: Variable): string {
  return (declaration.schema as TSchemaOptions).description ?? '';
}

// ---- the common kinds ----

/**
 * A whole number within bounds. The text is digits only (at most `digits` of them: no sign, no
 * exponent, no decimals), then the schema checks the bounds.
 */
export function integer(options: {
  name: string;
  default: number;
  minimum: number;
  maximum: number;
  doc: string;
  /** Most digits accepted, leading zeros included. */
  digits?: number;
  /** The error's "must be ..." phrase; default `a whole number, MIN-MAX`. */
  mustBe?: string;
}) {
  const { name, minimum, maximum, digits = 7 } = options;
  const mustBe = options.mustBe ?? `a whole number, ${minimum}-${maximum}`;
  const pattern = new RegExp(`^\\d{1,${digits}}$`);
  return variable({
    name,
    schema: Type.Integer({ minimum, maximum, default: options.default, description: options.doc }),
    parse: (text) => (text === undefined ? options.default : pattern.test(text) ? Number(text) : Number.NaN),
    invalid: (text) => `must be ${mustBe}, got "${text}"`,
  });
}

/** on/off (true/false also accepted). */
export function onOff(options: { name: string; default: boolean; doc: string }) {
  return variable({
    name: options.name,
    schema: Type.Boolean({ default: options.default, description: options.doc }),
    shownDefault: options.default ? '`on`' : '`off`',
    parse: (text) => {
      if (text === undefined) return options.default;
      if (text === 'on' || text === 'true') return true;
      if (text === 'off' || text === 'false') return false;
      return text;
    },
    invalid: (text) => `must be on or off, got "${text}"`,
  });
}

/** One of a fixed list of words. */
export function oneOf<const V extends string[]>(options: { name: string; values: readonly [...V]; default: V[number]; doc: string; emptyIsUnset?: boolean }) {
  return variable({
    name: options.name,
    schema: Type.Enum(options.values, { default: options.default, description: options.doc }),
    emptyIsUnset: options.emptyIsUnset,
    parse: (text) => text ?? options.default,
    invalid: (text) => `must be one of ${options.values.join(', ')}, got "${text}"`,
  });
}

/** Free text with a default. */
export function text(options: { name: string; default: string; doc: string }) {
  return variable({
    name: options.name,
    schema: Type.String({ default: options.default, description: options.doc }),
    parse: (value) => value ?? options.default,
    invalid: (value) => `is not valid: "${value}"`,
  });
}
