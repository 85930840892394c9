// A Management API route is data: method, path, scopes, schemas and a handler. The same
// object is registered with Fastify and described in the OpenAPI document (DESIGN habit 10).
import type { Static, TSchema } from 'typebox';
import type { RequestContext } from '../tenancy/context.ts';
import type { Services } from '../services/container.ts';
import type { ManagementAuth } from './auth.ts';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HandlerInput<P, Q, B> {
  ctx: RequestContext;
  services: Services;
  auth: ManagementAuth;
  params: P;
  query: Q;
  body: B;
}

export interface ManagementRoute<P extends TSchema = TSchema, Q extends TSchema = TSchema, B extends TSchema = TSchema> {
  method: Method;
  /** Fastify path under /api/v2, e.g. `/clients/:id` */
  url: string;
  summary: string;
  /** any one of these suffices; empty = no token needed */
  scopes: readonly string[];
  params?: P;
  query?: Q;
  body?: B;
  /** status of a success and the schema of its body (none for 204) */
  response: { status: 200 | 201 | 204; schema?: TSchema; description?: string };
  handler(input: HandlerInput<Static<P>, Static<Q>, Static<B>>): Promise<unknown>;
}

/** A handler's answer with a status other than its route's usual one (an upsert's 200 beside its 201). */
export class WithStatus {
  constructor(
    readonly status: 200 | 201,
    readonly body: unknown,
  ) {}
}

/** Keeps each route's schema and handler types tied together. */
export function route<P extends TSchema, Q extends TSchema, B extends TSchema>(r: ManagementRoute<P, Q, B>): ManagementRoute {
  return r as unknown as ManagementRoute;
}
