import { open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * One process at a time per embedded data directory. PGlite keeps the database files open
 * without any locking of its own, so a second process (another `npm start`, an
 * `npm run migrate` while the service runs) on the same directory would corrupt it. A lock
 * file holds the owner's pid; a lock left by a process that no longer exists is taken over.
 */
const heldInThisProcess = new Set<string>();

export interface DataDirLock {
  release(): Promise<void>;
}

export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  const file = join(dataDir, 'pglite.lock');
  if (heldInThisProcess.has(file)) throw inUse(dataDir, process.pid);
  // Two rounds at most: a stale lock is removed once, then created exclusively.
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      heldInThisProcess.add(file);
      let released = false;
      return {
        async release() {
          if (released) return;
          released = true;
          heldInThisProcess.delete(file);
          await unlink(file).catch(() => {});
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number.parseInt(await readFile(file, 'utf8').catch(() => ''), 10);
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) throw inUse(dataDir, owner);
      await unlink(file).catch(() => {}); // stale: its process is gone (or it is unreadable)
    }
  }
  throw new Error(`Could not lock the embedded data directory ${dataDir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

function inUse(dataDir: string, pid: number): Error {
  return new Error(`The embedded database in ${dataDir} is in use by process ${pid}; stop it or set AGENTSTACK_DATA_DIR`);
}
