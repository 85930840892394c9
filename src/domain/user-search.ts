// A user search, resolved from Auth0's query syntax into what the store can answer: which
// column or metadata path, and how it is matched. Case-insensitive fields carry lower-cased values.

/** Profile text kept in lower case (Auth0: these fields match ignoring case). */
export type FoldedField = 'email' | 'name' | 'nickname' | 'given_name' | 'family_name';
export type TextField = FoldedField | 'user_id' | 'last_ip';
export type NumberField = 'logins_count' | 'created_at' | 'updated_at' | 'last_login';
export type BooleanField = 'email_verified' | 'blocked';

export type UserFilter =
  | { op: 'and' | 'or'; items: UserFilter[] }
  | { op: 'not'; item: UserFilter }
  /** the whole value equals `value` */
  | { op: 'equals'; field: TextField; value: string }
  /** the value, split on spaces, has `value` as one of its words */
  | { op: 'word'; field: FoldedField; value: string }
  /** the whole value matches: literal `parts` joined by any run of characters */
  | { op: 'like'; field: TextField; parts: string[] }
  /** free text: email or name contains `value` */
  | { op: 'contains'; value: string }
  | { op: 'range'; field: NumberField; from?: number; to?: number; fromInclusive: boolean; toInclusive: boolean }
  | { op: 'bool'; field: BooleanField; value: boolean }
  /** a scalar at `path` under app_metadata/user_metadata (case-sensitive, as at Auth0) */
  | { op: 'meta'; root: 'app_metadata' | 'user_metadata'; path: string[]; value: string | number | boolean };

export type UserSortField = TextField | NumberField;

export interface UserSort {
  field: UserSortField;
  descending: boolean;
}
