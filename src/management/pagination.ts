// Auth0 list conventions (auth0-behaviour §3.6): offset paging with `page`/`per_page`, a bare
// array unless `include_totals`, checkpoint paging with `from`/`take`; `fields`/`include_fields`.
import { Type } from 'typebox';

export const MAX_PER_PAGE = 100;
export const DEFAULT_PER_PAGE = 50;

export const OffsetQuery = {
  page: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'Page index of the results to return. First page is 0.' })),
  per_page: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PER_PAGE, description: 'Number of results per page. Defaults to 50.' })),
  include_totals: Type.Optional(
    Type.Boolean({
      description: 'Return results inside an object that contains the total result count (true) or as a direct array of results (false, default).',
    }),
  ),
};

export const CheckpointQuery = {
  from: Type.Optional(Type.String({ maxLength: 200, description: 'Optional Id from which to start selection.' })),
  take: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PER_PAGE, description: 'Number of results per page. Defaults to 50.' })),
};

export const FieldsQuery = {
  fields: Type.Optional(
    Type.String({
      maxLength: 2000,
      description:
        'Comma-separated list of fields to include or exclude (based on value provided for include_fields) in the result. Leave empty to retrieve all fields.',
    }),
  ),
  include_fields: Type.Optional(Type.Boolean({ description: 'Whether specified fields are to be included (true) or excluded (false).' })),
};

export interface OffsetParams {
  page?: number;
  per_page?: number;
  include_totals?: boolean;
}

export function pageOf(q: OffsetParams): { page: number; perPage: number } {
  return { page: q.page ?? 0, perPage: q.per_page ?? DEFAULT_PER_PAGE };
}

/** A page past the end is an empty list, never an error (the v7 SDK pages until one is empty). */
export function offsetResult<T>(key: string, items: T[], total: number, q: OffsetParams): T[] | Record<string, unknown> {
  if (!q.include_totals) return items;
  const { page, perPage } = pageOf(q);
  return { total, start: page * perPage, limit: perPage, [key]: items };
}

/** Applies `fields`/`include_fields` to one item (Auth0 keeps unknown field names silent). */
export function pickFields<T extends Record<string, unknown>>(item: T, fields: string | undefined, include: boolean | undefined): Partial<T> {
  if (!fields) return item;
  const names = new Set(
    fields
      .split(',')
      .map((f) => f.trim())
      .filter(Boolean),
  );
  if (!names.size) return item;
  const keep = include !== false;
  return Object.fromEntries(Object.entries(item).filter(([k]) => names.has(k) === keep)) as Partial<T>;
}

/** Opaque checkpoint for keyset paging: the (created_at, id) of the first item of the next page. */
export function encodeCheckpoint(createdAt: Date, id: string): string {
  return Buffer.from(`${createdAt.getTime()}.${id}`).toString('base64url');
}

export function decodeCheckpoint(from: string): { at: number; id: string } | null {
  const text = Buffer.from(from, 'base64url').toString('utf8');
  const dot = text.indexOf('.');
  const at = Number(text.slice(0, dot));
  if (dot <= 0 || !Number.isSafeInteger(at)) return null;
  return { at, id: text.slice(dot + 1) };
}

/**
 * Keyset paging over a list sorted by (createdAt, id): returns `take` items starting at the
 * checkpoint and the checkpoint of the next page, if any.
 */
export function checkpointPage<T extends { createdAt: Date; id: string }>(sorted: T[], from: string | undefined, take: number): { items: T[]; next?: string } {
  let start = 0;
  if (from) {
    const cp = decodeCheckpoint(from);
    if (!cp) return { items: [] };
    start = sorted.findIndex((x) => x.createdAt.getTime() > cp.at || (x.createdAt.getTime() === cp.at && x.id >= cp.id));
    if (start < 0) return { items: [] };
  }
  const items = sorted.slice(start, start + take);
  const after = sorted[start + take];
  return after ? { items, next: encodeCheckpoint(after.createdAt, after.id) } : { items };
}
