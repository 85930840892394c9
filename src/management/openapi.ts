// GET /api/v2/openapi.json: an OpenAPI 3.1 document built from the route table, so the
// schemas it shows are the ones that validate requests (DESIGN habit 10).
import type { TSchema } from 'typebox';
import type { ManagementRoute } from './route.ts';

const ErrorSchema = {
  type: 'object',
  required: ['statusCode', 'error', 'message'],
  properties: {
    statusCode: { type: 'integer' },
    error: { type: 'string' },
    message: { type: 'string' },
    errorCode: { type: 'string' },
  },
};

function parametersOf(schema: TSchema | undefined, where: 'path' | 'query'): object[] {
  const props = ((schema as { properties?: Record<string, Record<string, unknown>> } | undefined)?.properties ?? {}) as Record<string, Record<string, unknown>>;
  const required = new Set(((schema as { required?: string[] } | undefined)?.required ?? []) as string[]);
  return Object.entries(props).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    ...(typeof s.description === 'string' ? { description: s.description } : {}),
    schema: s,
  }));
}

function operationOf(r: ManagementRoute): object {
  const responses: Record<string, object> = {
    [String(r.response.status)]: {
      description: r.response.description ?? (r.response.status === 204 ? 'No Content' : 'Success'),
      ...(r.response.schema ? { content: { 'application/json': { schema: r.response.schema } } } : {}),
    },
  };
  const codes = [
    '400',
    ...(r.scopes.length ? ['401', '403'] : []),
    ...(r.url.includes(':') ? ['404'] : []),
    ...(r.method === 'POST' || r.method === 'PATCH' ? ['409'] : []),
  ];
  for (const code of codes) responses[code] = { $ref: '#/components/responses/Error' };
  return {
    summary: r.summary,
    operationId: `${r.method.toLowerCase()}${r.url.replace(/[/:-](\w)/g, (_m, c: string) => c.toUpperCase())}`,
    ...(r.scopes.length ? { security: [{ bearerAuth: [...r.scopes] }], 'x-scopes-any-of': [...r.scopes] } : { security: [] }),
    parameters: [...parametersOf(r.params, 'path'), ...parametersOf(r.query, 'query')],
    ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: r.body } } } } : {}),
    responses,
  };
}

export function openApiDocument(routes: readonly ManagementRoute[], baseUrl: string): object {
  const paths: Record<string, Record<string, object>> = {};
  for (const r of routes) {
    const path = r.url.replace(/:(\w+)/g, '{$1}');
    (paths[path] ??= {})[r.method.toLowerCase()] = operationOf(r);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Latchkey Management API',
      version: '2',
      description: 'Auth0-compatible Management API v2. Tokens: POST /oauth/token with grant_type=client_credentials and the audience below.',
    },
    servers: [{ url: baseUrl }],
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      responses: { Error: { description: 'Error', content: { 'application/json': { schema: ErrorSchema } } } },
    },
    paths,
  };
}
