/** Durable small files: write beside, fsync, rename over, fsync the directory — a reader sees the old or the new whole. */
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Replaces `path` with `text` atomically: a reader sees the old or the new content whole, and the new content is
 * on disk before it can be seen. With `syncDir` the rename itself is made durable too; without, a power cut may
 * bring back the previous version, which for a checkpoint is an earlier commit point and just as consistent.
 */
export async function writeFileDurably(path: string, text: string, syncDir = true): Promise<void> {
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const handle = await open(temp, 'w', 0o600);
    try {
      await handle.writeFile(text);
      await handle.datasync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  if (syncDir) await syncDirectory(dirname(path));
}

/** Makes a directory's entries (a rename, a new file) durable; a no-op where directories cannot be opened (Windows). */
export async function syncDirectory(dir: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // EISDIR/EPERM on platforms without directory fsync: the rename is still atomic.
  } finally {
    await handle?.close();
  }
}
