/**
 * POST /graphql's body over real HTTP: the plain case read by json-body.ts, everything else by
 * express.json, and both answer every body alike (same status, same error code).
 */
import { request } from 'node:http';
import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentStack } from '../../src/core/index.js';
import { MemoryStore } from '../../src/core/memory-store.js';
import { createAgentStackServer, type AgentStackServer } from '../../src/server/app.js';

const DID = 'did:coinpay:user:json-body';
const QUERY = JSON.stringify({ query: '{ __typename }' });
let server: AgentStackServer;
let port: number;

beforeAll(async () => {
  server = await createAgentStackServer({
    agentStack: new AgentStack({ store: new MemoryStore() }),
    config: { port: 0, host: '127.0.0.1', nodeEnv: 'test' },
    logger: { info: () => {}, error: () => {} },
  });
  ({ port } = await server.listen());
});

afterAll(() => server.close());

interface Answer {
  status: number;
  body: { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
}

/** One POST; `chunked` sends no Content-Length (express.json's path). */
function post(body: Buffer | string, headers: Record<string, string>, { chunked = false } = {}): Promise<Answer> {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/graphql',
        method: 'POST',
        headers: { 'x-agentstack-did': DID, ...headers, ...(chunked ? { 'transfer-encoding': 'chunked' } : { 'content-length': String(bytes.length) }) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Answer['body'] }));
      },
    );
    req.on('error', reject);
    req.end(bytes);
  });
}

const codeOf = (answer: Answer) => answer.body.errors?.[0]?.extensions?.code;

describe('POST /graphql body', () => {
  it.each([
    ['application/json', QUERY],
    ['application/json; charset=utf-8', QUERY],
    ['Application/JSON;Charset=UTF-8', QUERY],
    ['application/json', `\ufeff${QUERY}`],
    ['application/json', ` \n\t${QUERY}\n`],
  ])('reads %j with %j', async (type, body) => {
    const answer = await post(body, { 'content-type': type });
    expect(answer).toEqual({ status: 200, body: { data: { __typename: 'Query' } } });
  });

  it('reads a multi-byte UTF-8 body split wherever the socket splits it', async () => {
    // ~75 KB of 2-, 3- and 4-byte characters: several socket reads, characters cut between them.
    const description = 'ü€😀'.repeat(2_000);
    const metadata = { note: '😀€'.repeat(8_000) };
    const query = `mutation($input: CreateTaskInput!) { createTask(input: $input) { description metadata } }`;
    const variables = { input: { ownerDid: DID, sourceApp: 'json-body', title: 'UTF-8', description, metadata } };
    const answer = await post(JSON.stringify({ query, variables }), { 'content-type': 'application/json' });
    expect(answer).toEqual({ status: 200, body: { data: { createTask: { description, metadata } } } });
  });

  it('leaves compressed and chunked bodies to express.json, which reads them as before', async () => {
    expect(await post(gzipSync(QUERY), { 'content-type': 'application/json', 'content-encoding': 'gzip' })).toMatchObject({ status: 200 });
    expect(await post(QUERY, { 'content-type': 'application/json' }, { chunked: true })).toMatchObject({ status: 200 });
  });

  it.each([
    ['not JSON', '{"query": '],
    ['a JSON string', '"{ __typename }"'],
    ['a JSON number', '42'],
    ['empty', ''],
    ['an array', `[${QUERY}]`],
  ])('answers a body that is %s as express.json does', async (_name, body) => {
    const plain = await post(body, { 'content-type': 'application/json' });
    const general = await post(body, { 'content-type': 'application/json' }, { chunked: true });
    expect(plain.status).toBeGreaterThanOrEqual(400);
    expect(plain.status).toBe(general.status);
    expect(codeOf(plain)).toBe(codeOf(general));
    expect(plain.body.errors?.[0]?.message).toBe(general.body.errors?.[0]?.message);
  });

  it('answers JSON that does not parse 400 BAD_REQUEST', async () => {
    const answer = await post('{"query": ', { 'content-type': 'application/json' });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([{ message: 'The request body is not valid JSON', extensions: { code: 'BAD_REQUEST', requestId: expect.any(String) } }]);
  });

  it('survives a client that goes away mid-body, and serves the next request', async () => {
    await new Promise<void>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(`POST /graphql HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 1000\r\nx-agentstack-did: ${DID}\r\n\r\n{"query":`);
        setTimeout(() => socket.destroy(), 50);
      });
      socket.on('close', () => resolve());
      socket.on('error', reject);
    });
    expect(await post(QUERY, { 'content-type': 'application/json' })).toMatchObject({ status: 200 });
  });
});
