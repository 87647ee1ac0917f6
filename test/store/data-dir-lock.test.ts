/**
 * The embedded data directory's lock (src/store/data-dir-lock.ts): one process at a time, stale
 * locks taken over (dead pid, reused pid, another boot, legacy pid-only files), a live owner
 * never dispossessed, and exactly one winner when processes race over a stale lock.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { lockDataDir } from '../../src/store/data-dir-lock.js';
import { sleep, waitFor } from '../helpers/wait.js';

const here = dirname(fileURLToPath(import.meta.url));
const ROOT = join(here, '../..');
const HOLDER = join(here, 'fixtures/lock-holder.ts');
const HAS_PROC = existsSync('/proc/self/stat');

/**
 * The holder, with the lock module, bundled once into plain JavaScript: a child then starts in
 * a third of the CPU time `node --import tsx` needs, which keeps 80+ racing processes fast on
 * a busy 2-core machine. It is the same source the suite imports.
 */
let bundleDir: string;
let holderScript: string;

beforeAll(async () => {
  bundleDir = await mkdtemp(join(tmpdir(), 'agentstack-lock-holder-'));
  holderScript = join(bundleDir, 'lock-holder.mjs');
  await build({ entryPoints: [HOLDER], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: holderScript, logLevel: 'silent' });
});

afterAll(async () => {
  await rm(bundleDir, { recursive: true, force: true });
});

let dir: string;
let lockFile: string;
const children: ChildProcess[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'agentstack-lock-'));
  lockFile = join(dir, 'pglite.lock');
});

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

/** Start time of a live process, clock ticks since boot (field 22 of /proc/<pid>/stat). */
function startTimeOf(pid: number): number {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(text.slice(text.lastIndexOf(')') + 2).split(' ')[19]);
}

function currentBootId(): string {
  return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
}

function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}

function lockJson(owner: { pid: number; startTime: number | null; bootId: string | null }): string {
  return JSON.stringify({ ...owner, nonce: 'written-by-the-test' });
}

/** The pid a lock file names, in either format. */
function ownerPid(text: string): number {
  const value = JSON.parse(text) as number | { pid: number };
  return typeof value === 'number' ? value : value.pid;
}

async function expectTakenOver(): Promise<void> {
  const lock = await lockDataDir(dir);
  expect(JSON.parse(await readFile(lockFile, 'utf8'))).toMatchObject({ pid: process.pid });
  await lock.release();
  expect(await readdir(dir)).toEqual([]);
}

interface Holder {
  child: ChildProcess;
  output: () => string;
  send(line: string): void;
  result(): Promise<string>;
  exit(): Promise<void>;
}

/** test/store/fixtures/lock-holder.ts (bundled) in a child process, loaded and waiting for `go`. */
async function startHolder(options: { now?: boolean } = {}): Promise<Holder> {
  const child = spawn(process.execPath, [holderScript, dir], {
    cwd: ROOT,
    env: { ...process.env, AGENTSTACK_LOCK_NOW: options.now ? '1' : '' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (chunk) => (output += String(chunk)));
  child.stderr!.on('data', (chunk) => (output += String(chunk)));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  await waitFor(`lock holder ${child.pid} to be READY (output so far: ${output})`, () => output.includes('READY') || child.exitCode !== null, 20_000);
  if (!output.includes('READY')) throw new Error(`lock holder exited early:\n${output}`);
  return {
    child,
    output: () => output,
    send: (line) => child.stdin!.write(`${line}\n`),
    result: () => waitFor(`lock holder ${child.pid} to report`, () => /^(ACQUIRED|REFUSED .*)$/m.exec(output)?.[0], 20_000),
    async exit() {
      if (child.exitCode === null && child.signalCode === null) child.stdin!.end('exit\n');
      await Promise.race([exited, sleep(10_000).then(() => child.kill('SIGKILL'))]);
    },
  };
}

describe('lockDataDir', () => {
  it('refuses the same directory twice in one process, and locks again after release', async () => {
    const lock = await lockDataDir(dir);
    await expect(lockDataDir(dir)).rejects.toThrow(
      `The embedded database in ${dir} is in use by process ${process.pid}; stop it or set AGENTSTACK_DATA_DIR`,
    );
    await expect(lockDataDir(`${dir}/.`)).rejects.toThrow(`in use by process ${process.pid}`);
    await lock.release();
    await lock.release(); // twice is fine
    expect(await readdir(dir)).toEqual([]);
    await expectTakenOver();
  });

  it('release() removes the lock file only while it is still its own', async () => {
    const lock = await lockDataDir(dir);
    await writeFile(lockFile, lockJson({ pid: 1, startTime: null, bootId: null }));
    await lock.release();
    expect(JSON.parse(await readFile(lockFile, 'utf8'))).toMatchObject({ pid: 1 });
  });

  it('(a) takes over a lock whose process is gone, in either format', async () => {
    await writeFile(lockFile, lockJson({ pid: deadPid(), startTime: 1, bootId: HAS_PROC ? currentBootId() : null }));
    await expectTakenOver();
    await writeFile(lockFile, String(deadPid())); // the pid-only format of earlier versions
    await expectTakenOver();
  });

  it('(a) takes over the lock of a holder that was killed', async () => {
    const holder = await startHolder({ now: true });
    expect(await holder.result()).toBe('ACQUIRED');
    holder.child.kill('SIGKILL');
    await new Promise((done) => holder.child.once('exit', done));
    expect(JSON.parse(await readFile(lockFile, 'utf8'))).toMatchObject({ pid: holder.child.pid });
    await expectTakenOver();
  });

  it.runIf(HAS_PROC)('(b) takes over a lock whose pid now belongs to another process (start time differs)', async () => {
    const ppid = process.ppid;
    await writeFile(lockFile, lockJson({ pid: ppid, startTime: startTimeOf(ppid) + 1, bootId: currentBootId() }));
    await expectTakenOver();
    // The same pid with its real start time is a live owner.
    await writeFile(lockFile, lockJson({ pid: ppid, startTime: startTimeOf(ppid), bootId: currentBootId() }));
    await expect(lockDataDir(dir)).rejects.toThrow(`in use by process ${ppid}`);
  });

  it.runIf(HAS_PROC)('(b) legacy pid-only lock: respected if its live pid may have written it, taken over if that process started later', async () => {
    // A process that started before the file was written may own it: refused, as before.
    await writeFile(lockFile, String(process.ppid));
    await expect(lockDataDir(dir)).rejects.toThrow(`in use by process ${process.ppid}`);
    // A file last written a minute ago, naming a process that started just now: pid reuse.
    const unrelated = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30_000)'], { stdio: 'ignore' });
    children.push(unrelated);
    await writeFile(lockFile, String(unrelated.pid));
    const aMinuteAgo = new Date(Date.now() - 60_000);
    await utimes(lockFile, aMinuteAgo, aMinuteAgo);
    await expectTakenOver();
    // Its own pid in a legacy file is a leftover of an earlier process with this pid.
    await writeFile(lockFile, String(process.pid));
    await expectTakenOver();
  });

  it('(c) refuses a directory that a live process holds, and it is free again once that process releases it', async () => {
    const holder = await startHolder({ now: true });
    expect(await holder.result()).toBe('ACQUIRED');
    const pid = holder.child.pid!;
    await expect(lockDataDir(dir)).rejects.toThrow(
      `The embedded database in ${dir} is in use by process ${pid}; stop it or set AGENTSTACK_DATA_DIR`,
    );
    const second = await startHolder({ now: true });
    expect(await second.result()).toBe(`REFUSED The embedded database in ${dir} is in use by process ${pid}; stop it or set AGENTSTACK_DATA_DIR`);
    await second.exit();
    expect(JSON.parse(await readFile(lockFile, 'utf8'))).toMatchObject({ pid }); // the refused one left it alone
    await holder.exit();
    expect(await readdir(dir)).toEqual([]);
    await expectTakenOver();
  });

  it.runIf(HAS_PROC)('(e) a lock from another boot is stale even if its pid and start time match a live process', async () => {
    const ppid = process.ppid;
    await writeFile(lockFile, lockJson({ pid: ppid, startTime: startTimeOf(ppid), bootId: '00000000-0000-4000-8000-000000000000' }));
    await expectTakenOver();
  });

  it('an unreadable lock is waited for while fresh (it may be being written) and taken over once old', async () => {
    await writeFile(lockFile, '');
    const started = Date.now();
    await expectTakenOver();
    expect(Date.now() - started).toBeGreaterThan(1_000);
    await writeFile(lockFile, '{"pid": "garbage"');
    const anHourAgo = new Date(Date.now() - 3_600_000);
    await utimes(lockFile, anHourAgo, anHourAgo);
    await expectTakenOver();
  });

  it('a takeover guard abandoned by a racer that died is not in the way; leftovers are cleaned up', async () => {
    const stale = lockJson({ pid: deadPid(), startTime: 1, bootId: null });
    await writeFile(lockFile, stale);
    const { ino } = await stat(lockFile);
    const guard = `${lockFile}.takeover-${createHash('sha256').update(stale).digest('hex').slice(0, 16)}-${ino}-0`;
    await writeFile(guard, lockJson({ pid: deadPid(), startTime: 1, bootId: null }));
    await writeFile(`${lockFile}.takeover-0123456789abcdef-1-0`, 'another old guard');
    await writeFile(`${lockFile}.feedfacefeedfacefeedface.tmp`, lockJson({ pid: deadPid(), startTime: 1, bootId: null }));
    await expectTakenOver();
  });

  it('(d) racing processes over a stale lock: exactly one wins, every round', async () => {
    const ROUNDS = 20;
    const RACERS = 4;
    const stale: Array<() => string> = [
      () => lockJson({ pid: deadPid(), startTime: 1, bootId: HAS_PROC ? currentBootId() : null }),
      () => String(deadPid()),
      ...(HAS_PROC
        ? [
            () => lockJson({ pid: process.ppid, startTime: startTimeOf(process.ppid) + 1, bootId: currentBootId() }),
            () => lockJson({ pid: process.ppid, startTime: startTimeOf(process.ppid), bootId: 'another-boot' }),
          ]
        : []),
    ];
    const winners: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      await writeFile(lockFile, stale[round % stale.length]!());
      const racers = await Promise.all(Array.from({ length: RACERS }, () => startHolder()));
      try {
        for (const racer of racers) racer.send('go');
        const results = await Promise.all(racers.map((racer) => racer.result()));
        const won = racers.filter((_, i) => results[i] === 'ACQUIRED');
        winners.push(won.length);
        if (won.length === 1) {
          const winner = won[0]!.child.pid!;
          for (const result of results) if (result !== 'ACQUIRED') expect(result).toContain(`in use by process ${winner}`);
          expect(ownerPid(await readFile(lockFile, 'utf8'))).toBe(winner);
        }
      } finally {
        await Promise.all(racers.map((racer) => racer.exit()));
      }
      expect(await readdir(dir)).toEqual([]); // released, and no guard or temporary file left
      await rm(lockFile, { force: true });
    }
    // The number of winners in each round: 1, every round.
    expect(winners, `winners per round: ${winners.join(' ')}`).toEqual(Array(ROUNDS).fill(1));
  }, 60_000);
});
