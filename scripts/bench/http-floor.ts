/**
 * The HTTP floor of a GraphQL read: a server that does only what any HTTP GraphQL server must for
 * the request (read the body, parse its JSON) and answers a body prepared in advance (AgentStack's
 * own answer to the same request, byte for byte). Measured with the same fetch loop, alternating
 * with the other rows, it is what the transport alone costs: HTTP, both JSON codecs, the client. No
 * server over HTTP, however fast its database and execution, can answer below it, so the bench
 * prints `_entities` against it as well as against raw pg (README, Benchmarks).
 *
 * The server runs in a process of its own (http-floor-child.ts), like AgentStack's and the peer's.
 */
export interface HttpFloor {
  url: string;
  pid: number;
  close(): Promise<void>;
}

/** Starts the floor answering every POST with `answer` (a JSON text). */
export async function startHttpFloor(answer: string): Promise<HttpFloor> {
  const { fork } = await import('node:child_process');
  const { fileURLToPath } = await import('node:url');
  const child = fork(fileURLToPath(new URL('./http-floor-child.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const url = await new Promise<string>((done, fail) => {
    child.once('message', (message: { url?: string }) => (message.url ? done(message.url) : fail(new Error('the floor server sent no URL'))));
    child.once('exit', (code) => fail(new Error(`the floor server exited (${code}) before it listened`)));
    child.send({ answer });
  });
  return {
    url,
    pid: child.pid!,
    close: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.disconnect();
      }),
  };
}
