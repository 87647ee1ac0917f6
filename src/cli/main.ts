#!/usr/bin/env node
/**
 * The `agentstack` executable (the package `bin`, compiled to dist/cli/main.js; in this repository
 * also `node --import tsx src/cli/main.ts`). Everything is in program.ts: this file only connects
 * it to the process (output, environment, signals, exit code).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { run } from './program.js';

/** The package's version: package.json is two levels up from src/cli and from dist/cli alike. */
function version(): string | undefined {
  try {
    // A path, not a URL: src/core declares a minimal global URL that fs's types reject in the build.
    return (JSON.parse(readFileSync(resolve(import.meta.dirname, '../../package.json'), 'utf8')) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

// `agentstack … | head`: a closed stdout ends the command quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const interruptHandlers = new Set<() => void>();
let interrupted = false;
const onSignal = (signal: NodeJS.Signals) => {
  // A second Ctrl-C while stopping: leave at once.
  if (interrupted) process.exit(130);
  interrupted = true;
  if (interruptHandlers.size === 0) process.exit(signal === 'SIGINT' ? 130 : 143);
  for (const handler of interruptHandlers) handler();
};

const code = await run(process.argv.slice(2), {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  env: process.env,
  version: version(),
  onInterrupt(handler) {
    interruptHandlers.add(handler);
    if (interruptHandlers.size === 1) {
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
    }
    return () => {
      interruptHandlers.delete(handler);
    };
  },
});

// Exit once stdout and stderr have taken everything (pipes may be asynchronous): nothing left
// running (a socket, a timer) keeps the command alive.
process.stderr.write('', () => process.stdout.write('', () => process.exit(code)));
