import { randomBytes, createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { link, open, readdir, unlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/**
 * One process at a time per embedded data directory. PGlite keeps the database files open
 * without any locking of its own, so a second process (another `npm start`, an
 * `npm run migrate` while the service runs) on the same directory would corrupt it.
 *
 * The lock is `<dataDir>/pglite.lock`, JSON naming its owner: pid, start time (field 22 of
 * /proc/<pid>/stat, clock ticks since boot), boot id and a random nonce.
 *
 * Why acquisition is atomic: the content is written to a private temporary file first and
 * then hard-linked to `pglite.lock`; link() fails with EEXIST when the name exists, so exactly
 * one creator wins and nobody ever reads a half-written lock. A stale lock is never removed
 * blindly. Whoever judges it stale must first create (link(), atomic) a takeover guard named
 * after that exact file (hash of its content, which holds the nonce, and its inode), then
 * re-read `pglite.lock` and unlink it only if it is still that same file. While the guard is
 * held nothing else can change the name: creators fail with EEXIST, the dead owner will not
 * release, and any other takeover of that file needs the same guard. A racer that read the
 * stale file earlier and gets the guard later finds a different file at the name and leaves
 * it alone; so with N racers over one stale lock, exactly one of them (or a newcomer) wins.
 * A guard left by a racer that died in its few-millisecond critical section is not removed
 * (that would reopen the race): the next racer uses the next generation of the guard name,
 * allowed only while every earlier generation's holder is dead.
 *
 * Why PID reuse is safe: a lock is stale when its boot id differs from the current one (a
 * reboot), when its pid does not exist (or is a zombie), or when the pid's current start time
 * differs from the recorded one: the pid now belongs to another process (e.g. after a
 * container restart). A pid and its start time name one process for the life of a boot.
 * Without /proc (macOS, Windows) only the pid's liveness is known, as before.
 * A legacy lock (just a pid, written by earlier versions) is stale when that pid is dead, is
 * this process, or (with /proc) belongs to a process that started after the file was last
 * written, so cannot be its writer; otherwise it is respected.
 */

const LOCK_NAME = 'pglite.lock';
/** Linux's USER_HZ, the unit of /proc/<pid>/stat start times, is 100 on every architecture Node runs on. */
const USER_HZ = 100;
/**
 * Margin for comparing a process's start (boot time, whole seconds, plus ticks) with a legacy
 * file's mtime: wall-clock steps (NTP, a paused VM) must not make a live writer look younger
 * than its file. The cost of a wide margin is small: a pid reused within it is still respected.
 */
const LEGACY_CLOCK_SLACK_MS = 10_000;
/** An unparsable lock younger than this may still be being written (by an older version): wait. */
const UNREADABLE_GRACE_MS = 2_000;
const ACQUIRE_DEADLINE_MS = 10_000;
const MAX_GUARD_GENERATIONS = 64;

/** Shared by every copy of this module in the process (a bundler or test runner may load two). */
const heldInThisProcess: Set<string> = ((globalThis as Record<symbol, unknown>)[Symbol.for('agentstack.dataDirLocks')] ??= new Set<string>()) as Set<string>;

export interface DataDirLock {
  release(): Promise<void>;
}

interface Owner {
  pid: number;
  startTime: number | null;
  bootId: string | null;
  nonce: string;
}

/** One version of a file, read through one descriptor: its bytes and its inode. */
interface Seen {
  raw: string;
  ino: number;
  mtimeMs: number;
}

type Verdict = { state: 'held'; pid: number } | { state: 'stale' } | { state: 'unsure' };

export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  const file = join(dataDir, LOCK_NAME);
  const key = resolve(file);
  if (heldInThisProcess.has(key)) throw inUse(dataDir, process.pid);
  const me: Owner = { pid: process.pid, startTime: procStat(process.pid)?.startTime ?? null, bootId: bootId(), nonce: randomBytes(12).toString('hex') };
  const content = JSON.stringify(me);
  const temp = join(dataDir, `${LOCK_NAME}.${me.nonce}.tmp`);
  await writeFile(temp, content, { flag: 'wx' });
  try {
    const deadline = Date.now() + ACQUIRE_DEADLINE_MS;
    for (;;) {
      if (await createExclusive(temp, file, content)) {
        heldInThisProcess.add(key);
        await removeLeftovers(dataDir, me.nonce).catch(() => {});
        return ownLock(file, key, content);
      }
      const seen = await readSeen(file);
      if (seen) {
        const verdict = judge(seen);
        if (verdict.state === 'held') throw inUse(dataDir, verdict.pid);
        if (verdict.state === 'stale') await takeOver(file, seen, temp, content);
        else await pause(50);
      }
      if (Date.now() > deadline) throw new Error(`Could not lock the embedded data directory ${dataDir}: ${file} keeps changing`);
    }
  } finally {
    await unlink(temp).catch(() => {});
  }
}

function ownLock(file: string, key: string, content: string): DataDirLock {
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      try {
        // Still ours? (Nobody takes over a live owner's lock, so nothing replaces it in between.)
        const seen = await readSeen(file);
        if (seen?.raw === content) await unlink(file).catch(() => {});
      } finally {
        heldInThisProcess.delete(key);
      }
    },
  };
}

/**
 * Removes `seen` from `file` if it is still there, under a guard only one racer can hold.
 * Returns without a result: the caller looks at `file` again in every case.
 */
async function takeOver(file: string, seen: Seen, temp: string, content: string): Promise<void> {
  const id = `${createHash('sha256').update(seen.raw).digest('hex').slice(0, 16)}-${seen.ino}`;
  const guardName = (generation: number) => `${file}.takeover-${id}-${generation}`;
  let generation = 0;
  for (;;) {
    if (generation >= MAX_GUARD_GENERATIONS) throw new Error(`Too many abandoned takeover guards for ${file}; remove ${file}.takeover-*`);
    if (await createExclusive(temp, guardName(generation), content)) break;
    const holder = await readSeen(guardName(generation));
    if (!holder) return; // the takeover it guarded is over
    const verdict = judge(holder);
    if (verdict.state !== 'stale') {
      await pause(20); // a live racer is taking over right now
      return;
    }
    generation++; // its holder died in the critical section: every later racer agrees on the next name
  }
  try {
    const now = await readSeen(file);
    if (now && now.ino === seen.ino && now.raw === seen.raw) await unlink(file);
  } finally {
    // Safe now: the stale file is gone from the name, and a later holder of any of these
    // guards finds a different file there (the nonce never repeats) and leaves it alone.
    for (let g = generation; g >= 0; g--) await unlink(guardName(g)).catch(() => {});
  }
}

/** Exclusive creation of `target` holding `content`: link() of the complete temporary file. */
async function createExclusive(temp: string, target: string, content: string): Promise<boolean> {
  try {
    await link(temp, target);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw error;
  }
  // A filesystem without hard links: create-exclusive and write. A reader may see the file
  // empty for a moment, which judge() answers with 'unsure' (wait), never 'stale'.
  try {
    await writeFile(target, content, { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** After acquiring: guards of other (gone) lock files and temporaries of dead processes. */
async function removeLeftovers(dataDir: string, ownNonce: string): Promise<void> {
  for (const name of await readdir(dataDir)) {
    if (!name.startsWith(`${LOCK_NAME}.`) || name.includes(ownNonce)) continue;
    const path = join(dataDir, name);
    // While we hold the lock no other file is at its name, so no takeover guard is needed.
    if (name.startsWith(`${LOCK_NAME}.takeover-`)) await unlink(path).catch(() => {});
    else if (name.endsWith('.tmp')) {
      const seen = await readSeen(path);
      if (seen && judge(seen).state === 'stale') await unlink(path).catch(() => {});
    }
  }
}

async function readSeen(path: string): Promise<Seen | null> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    const stat = await handle.stat();
    return { raw: await handle.readFile('utf8'), ino: stat.ino, mtimeMs: stat.mtimeMs };
  } finally {
    await handle.close();
  }
}

function judge(seen: Seen): Verdict {
  const text = seen.raw.trim();
  if (/^\d+$/.test(text)) return judgeLegacy(Number(text), seen.mtimeMs);
  const owner = parseOwner(text);
  if (!owner) return Date.now() - seen.mtimeMs < UNREADABLE_GRACE_MS ? { state: 'unsure' } : { state: 'stale' };
  const currentBoot = bootId();
  if (owner.bootId && currentBoot && owner.bootId !== currentBoot) return { state: 'stale' };
  if (!pidExists(owner.pid)) return { state: 'stale' };
  if (hasProc()) {
    const stat = procStat(owner.pid);
    // Unreadable though alive (/proc mounted with hidepid): liveness is all we know.
    if (!stat) return { state: 'held', pid: owner.pid };
    if (stat.zombie) return { state: 'stale' };
    if (owner.startTime !== null && stat.startTime !== owner.startTime) return { state: 'stale' };
  }
  // Also when it is this very process: another thread or copy of this module holds it.
  return { state: 'held', pid: owner.pid };
}

function judgeLegacy(pid: number, mtimeMs: number): Verdict {
  if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid || !pidExists(pid)) return { state: 'stale' };
  if (hasProc()) {
    const stat = procStat(pid);
    if (stat?.zombie) return { state: 'stale' };
    const boot = bootTimeMs();
    if (stat && boot !== null && boot + (stat.startTime * 1000) / USER_HZ > mtimeMs + LEGACY_CLOCK_SLACK_MS) return { state: 'stale' };
  }
  return { state: 'held', pid };
}

function parseOwner(text: string): Owner | null {
  try {
    const value = JSON.parse(text) as Partial<Owner> | null;
    if (typeof value !== 'object' || value === null) return null;
    const { pid, startTime, bootId, nonce } = value;
    if (typeof pid !== 'number' || !Number.isSafeInteger(pid) || pid <= 0) return null;
    return {
      pid,
      startTime: typeof startTime === 'number' ? startTime : null,
      bootId: typeof bootId === 'string' && bootId !== '' ? bootId : null,
      nonce: typeof nonce === 'string' ? nonce : '',
    };
  } catch {
    return null;
  }
}

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

let procAvailable: boolean | undefined;
function hasProc(): boolean {
  return (procAvailable ??= existsSync('/proc/self/stat'));
}

/** State and start time (field 22, clock ticks since boot) of a process, from /proc; null if unreadable. */
function procStat(pid: number): { startTime: number; zombie: boolean } | null {
  if (!hasProc()) return null;
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name (field 2) is in parentheses and may contain spaces or ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const state = fields[0];
  const startTime = Number(fields[19]);
  if (!state || !Number.isSafeInteger(startTime)) return null;
  return { startTime, zombie: state === 'Z' || state === 'X' };
}

let cachedBootId: string | null | undefined;
function bootId(): string | null {
  if (cachedBootId === undefined) {
    try {
      cachedBootId = hasProc() ? readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || null : null;
    } catch {
      cachedBootId = null;
    }
  }
  return cachedBootId;
}

/** Wall-clock time of boot (ms), from the `btime` line of /proc/stat. */
function bootTimeMs(): number | null {
  try {
    const match = /^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'));
    return match ? Number(match[1]) * 1000 : null;
  } catch {
    return null;
  }
}

function pause(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

function inUse(dataDir: string, pid: number): Error {
  return new Error(`The embedded database in ${dataDir} is in use by process ${pid}; stop it or set AGENTSTACK_DATA_DIR`);
}
