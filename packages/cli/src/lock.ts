/**
 * One run at a time per state file, also across machines sharing the file: the lock is a directory
 * (`STATE.lock`, made with mkdir, which is atomic on local disks and NFS alike) holding its owner
 * (`owner.json`: pid, host, start, a random id). The owner touches the directory every few seconds; a lock
 * whose owner is gone is taken over: at once when the owner ran on this host and its pid is dead (a kill -9),
 * after `staleMs` without a touch otherwise (another machine's crash). A takeover renames the stale directory
 * away first, so of two runs that both judge it stale only one can win.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { CliError, EXIT } from './errors.js';

/** Who holds a lock. */
export interface LockOwner {
  pid: number;
  host: string;
  startedAt: string;
  id: string;
}

/** Another run holds the lock; exit 3 (this run did nothing; a later one continues). */
export class LockHeldError extends CliError {
  readonly owner: LockOwner | undefined;
  constructor(path: string, owner: LockOwner | undefined, rerun: string) {
    const who = owner ? `pid ${owner.pid} on ${owner.host}, since ${owner.startedAt}` : 'a run that is still starting';
    super(
      `Another audit-export sync holds the lock ${path} (${who}); this run did nothing. Runs on one state file take turns: rerun when it is done:\n  ${rerun}\nIf no such run exists, the lock is released by itself within a minute (or delete ${path}).`,
      'LOCK_HELD',
      EXIT.incomplete,
    );
    this.owner = owner;
  }
}

/** A held lock. */
export interface Lock {
  /** Throws when the lock was taken over (this run was judged dead): stop before writing the state. */
  assertHeld(): Promise<void>;
  release(): Promise<void>;
}

/** Options of {@link acquireLock}. */
export interface LockOptions {
  /** A lock untouched this long is stale (default 60 s). */
  staleMs?: number;
  /** How often the owner touches it (default staleMs / 4). */
  touchMs?: number;
  /** The command to rerun, for the message when the lock is held. */
  rerun: string;
}

/** Takes the lock at `path` or throws LockHeldError. */
export async function acquireLock(path: string, options: LockOptions): Promise<Lock> {
  const staleMs = options.staleMs ?? 60_000;
  const owner: LockOwner = {
    pid: process.pid,
    host: hostname(),
    startedAt: new Date().toISOString(),
    id: randomBytes(8).toString('hex'),
  };
  for (let attempt = 0; ; attempt++) {
    try {
      await mkdir(path);
      await writeFile(`${path}/owner.json`, JSON.stringify(owner), { mode: 0o600 });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const current = await readOwner(path);
      if (attempt >= 2 || !(await isStale(path, current, staleMs)) || !(await takeOver(path, current))) {
        throw new LockHeldError(path, current, options.rerun);
      }
    }
  }
  const timer = setInterval(
    () => {
      const now = new Date();
      utimes(path, now, now).catch(() => undefined);
    },
    options.touchMs ?? Math.max(staleMs / 4, 250),
  );
  timer.unref();
  return {
    async assertHeld() {
      const current = await readOwner(path);
      if (current?.id !== owner.id) {
        throw new CliError(
          `The lock ${path} was taken over by another run (this one was judged dead); stopping without writing the state.`,
          'LOCK_LOST',
          EXIT.failed,
        );
      }
    },
    async release() {
      clearInterval(timer);
      const current = await readOwner(path);
      if (current?.id === owner.id) await rm(path, { recursive: true, force: true });
    },
  };
}

async function readOwner(path: string): Promise<LockOwner | undefined> {
  try {
    const owner = JSON.parse(await readFile(`${path}/owner.json`, 'utf8')) as LockOwner;
    return typeof owner?.id === 'string' && Number.isInteger(owner.pid) ? owner : undefined;
  } catch {
    return undefined;
  }
}

/** Dead owner on this host, or no touch for staleMs (an owner still writing owner.json touched it just now). */
async function isStale(path: string, owner: LockOwner | undefined, staleMs: number): Promise<boolean> {
  if (owner && owner.host === hostname() && !isAlive(owner.pid)) return true;
  try {
    return Date.now() - (await stat(path)).mtimeMs > staleMs;
  } catch {
    return true;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Moves the stale lock aside; false when what was moved turned out to be a live lock (it is put back). */
async function takeOver(path: string, judged: LockOwner | undefined): Promise<boolean> {
  const aside = `${path}.stale-${randomBytes(4).toString('hex')}`;
  try {
    await rename(path, aside);
  } catch {
    return true; // Gone already: someone else released or moved it; try mkdir again.
  }
  const moved = await readOwner(aside);
  if (moved?.id !== judged?.id) {
    // Another run took over between our look and our rename: give its lock back.
    await rename(aside, path).catch(() => undefined);
    return false;
  }
  await rm(aside, { recursive: true, force: true });
  return true;
}
