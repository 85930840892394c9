// Auth0's password policies of a database connection (connection options `password_policy`,
// `password_complexity_options.min_length`, `password_no_personal_info`, `password_dictionary`).
// Each check is a named rule, so a page can state them all and name the one that failed.

export const PASSWORD_POLICIES = ['none', 'low', 'fair', 'good', 'excellent'] as const;
export type PasswordPolicyName = (typeof PASSWORD_POLICIES)[number];
export const DEFAULT_PASSWORD_POLICY: PasswordPolicyName = 'good';
/** Auth0 accepts min_length from 1 to 128. */
export const MIN_LENGTH_LIMITS = { min: 1, max: 128 } as const;

export interface PasswordOptions {
  password_policy?: PasswordPolicyName;
  password_complexity_options?: { min_length?: number };
  password_no_personal_info?: { enable?: boolean };
  password_dictionary?: { enable?: boolean; dictionary?: string[] };
}

export interface PasswordRule {
  code: 'length' | 'character_types' | 'all_character_types' | 'identical_chars' | 'no_personal_info' | 'not_in_dictionary';
  /** the rule in words, for the page and the error */
  message: string;
}

export interface PersonalInfo {
  email?: string;
  username?: string;
  name?: string;
  given_name?: string;
  family_name?: string;
  nickname?: string;
}

// Auth0's built-in minimum lengths per policy (Auth0 docs, "Password Strength in Auth0 Database Connections").
const BASE_LENGTH: Record<PasswordPolicyName, number> = { none: 1, low: 6, fair: 8, good: 8, excellent: 10 };

/** A short list of the most common passwords (lower case), used when password_dictionary is on. */
const COMMON_PASSWORDS = new Set([
  '123456',
  '123456789',
  '12345678',
  'password',
  'qwerty',
  'qwerty123',
  '1234567',
  '111111',
  '123123',
  'abc123',
  'password1',
  'password123',
  '1234567890',
  '000000',
  'iloveyou',
  'admin',
  'welcome',
  'welcome1',
  'letmein',
  'monkey',
  'dragon',
  'football',
  'baseball',
  'sunshine',
  'princess',
  'shadow',
  'master',
  'superman',
  'trustno1',
  'passw0rd',
  'p@ssw0rd',
  'p@ssword',
  'qwertyuiop',
  'zaq12wsx',
  '1q2w3e4r',
  '1qaz2wsx',
  'changeme',
  'secret',
  'login',
  'starwars',
  'whatever',
  'hello123',
  'freedom',
  'michael',
  'charlie',
  'jennifer',
  'computer',
  'internet',
  'summer2024',
  'winter2024',
  'spring2024',
  'autumn2024',
  'password!',
  'password1!',
]);

const CLASSES: [string, RegExp][] = [
  ['lower case letters (a-z)', /\p{Ll}/u],
  ['upper case letters (A-Z)', /\p{Lu}/u],
  ['numbers (0-9)', /\p{Nd}/u],
  ['special characters (e.g. !@#$%^&*)', /[^\p{L}\p{Nd}]/u],
];

export function policyOf(o: PasswordOptions): PasswordPolicyName {
  return o.password_policy ?? DEFAULT_PASSWORD_POLICY;
}

/** The least number of characters a password needs under these options. */
export function minLengthOf(o: PasswordOptions): number {
  return o.password_complexity_options?.min_length ?? BASE_LENGTH[policyOf(o)];
}

/** The rules a password must meet under these options, in the order a page lists them. */
export function passwordRules(o: PasswordOptions): PasswordRule[] {
  const policy = policyOf(o);
  const min = minLengthOf(o);
  const rules: PasswordRule[] = [{ code: 'length', message: `At least ${min} characters` }];
  if (policy === 'fair') rules.push({ code: 'all_character_types', message: 'Lower case letters (a-z), upper case letters (A-Z) and numbers (0-9)' });
  if (policy === 'good' || policy === 'excellent')
    rules.push({
      code: 'character_types',
      message: 'At least 3 of: lower case letters (a-z), upper case letters (A-Z), numbers (0-9), special characters (e.g. !@#$%^&*)',
    });
  if (policy === 'excellent') rules.push({ code: 'identical_chars', message: 'No more than 2 identical characters in a row (e.g. "aaa" is not allowed)' });
  if (o.password_no_personal_info?.enable) rules.push({ code: 'no_personal_info', message: 'Not containing your email address, name or user name' });
  if (o.password_dictionary?.enable) rules.push({ code: 'not_in_dictionary', message: 'Not a commonly used password' });
  return rules;
}

function passes(rule: PasswordRule, password: string, o: PasswordOptions, who: PersonalInfo): boolean {
  switch (rule.code) {
    case 'length':
      return [...password].length >= minLengthOf(o);
    case 'all_character_types':
      return CLASSES.slice(0, 3).every(([, re]) => re.test(password));
    case 'character_types':
      return CLASSES.filter(([, re]) => re.test(password)).length >= 3;
    case 'identical_chars':
      return !/(.)\1\1/su.test(password);
    case 'no_personal_info': {
      const lower = password.toLowerCase();
      const parts = [who.email, who.email?.split('@')[0], who.username, who.name, who.given_name, who.family_name, who.nickname];
      return !parts.some((p) => p !== undefined && p.length >= 3 && lower.includes(p.toLowerCase()));
    }
    case 'not_in_dictionary': {
      const lower = password.toLowerCase();
      const extra = (o.password_dictionary?.dictionary ?? []).map((w) => w.toLowerCase());
      return !COMMON_PASSWORDS.has(lower) && !extra.includes(lower);
    }
  }
}

/** The first rule the password breaks, or undefined when it meets them all. */
export function failedPasswordRule(password: string, o: PasswordOptions, who: PersonalInfo = {}): PasswordRule | undefined {
  return passwordRules(o).find((r) => !passes(r, password, o, who));
}
