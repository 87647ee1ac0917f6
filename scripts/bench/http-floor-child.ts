/** The floor server of http-floor.ts: reads and parses each request's JSON, answers the prepared body. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

if (!process.send) throw new Error('http-floor-child: an IPC channel is required');
const send = process.send.bind(process);
process.once('message', (message: { answer: string }) => {
  const body = Buffer.from(message.answer);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      JSON.parse(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
      res.end(body);
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => send({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql` }));
  process.on('disconnect', () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
});
