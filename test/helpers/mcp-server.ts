// A real MCP server (the SDK's McpServer over Streamable HTTP, stateless) protected by Latchkey:
// it publishes RFC 9728 protected resource metadata naming the tenant as its authorization
// server, answers 401 with WWW-Authenticate until a request carries an access token Latchkey
// issued for it (signature, issuer and audience checked against the tenant's JWKS), and offers
// one tool, `whoami`, that returns the token's subject.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

export interface ProtectedMcpServer {
  /** the MCP endpoint, which is also the resource (RFC 8707) tokens must be issued for */
  resource: string;
  /** requests the tool answered */
  toolCalls: number;
  close(): Promise<void>;
}

export async function startProtectedMcpServer(issuer: string, scopes = ['mcp:tools']): Promise<ProtectedMcpServer> {
  const jwks = createRemoteJWKSet(new URL(`${issuer}.well-known/jwks.json`));
  const state = { resource: '', toolCalls: 0 };
  const metadataPath = '/.well-known/oauth-protected-resource/mcp';

  const verify = async (req: http.IncomingMessage): Promise<string | null> => {
    const m = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
    if (!m) return null;
    try {
      const { payload } = await jwtVerify(m[1]!, jwks, { issuer, audience: state.resource });
      return payload.sub ?? null;
    } catch {
      return null;
    }
  };

  const server = http.createServer((req, res) => {
    void (async () => {
      if (req.url === metadataPath) {
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ resource: state.resource, authorization_servers: [issuer], scopes_supported: scopes }));
        return;
      }
      if (!req.url?.startsWith('/mcp')) return void res.writeHead(404).end();
      const subject = await verify(req);
      if (!subject) {
        const origin = new URL(state.resource).origin;
        res
          .writeHead(401, {
            'content-type': 'application/json',
            'www-authenticate': `Bearer resource_metadata="${origin}${metadataPath}", scope="${scopes.join(' ')}"`,
          })
          .end(JSON.stringify({ error: 'invalid_token' }));
        return;
      }
      const mcp = new McpServer({ name: 'latchkey-test-mcp', version: '1.0.0' });
      mcp.registerTool('whoami', { description: 'The user the access token was issued to' }, async () => {
        state.toolCalls++;
        return { content: [{ type: 'text', text: subject }] };
      });
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
      res.on('close', () => {
        void transport.close();
        void mcp.close();
      });
      await mcp.connect(transport);
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown) : undefined;
      await transport.handleRequest(req, res, body);
    })().catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.resource = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
  return {
    get resource() {
      return state.resource;
    },
    get toolCalls() {
      return state.toolCalls;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
