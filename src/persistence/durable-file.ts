import { open, rename, rm } from 'node:fs/promises';

/**
 * Replaces `file` with `text` so that a crash at any moment leaves either the old file or the new
 * one, whole: the text goes to a temporary file beside it, which is flushed to the disk (fsync)
 * and then renamed over the old one (rename is atomic within a directory). The rename itself is
 * durable once the directory is synced (`syncDirectory`), which a caller writing several files
 * does once for all of them. Hand-written: `write-file-atomic` does the temporary file, fsync
 * and rename, but never syncs the directory, which is what makes the rename itself survive a
 * power loss; what is left is a dozen lines.
 */
export async function writeFileDurably(file: string, text: string): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  const handle = await open(temporary, 'w', 0o600);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, file);
}

/** Makes the directory's entries (renames, removals) durable. */
export async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Removes a file if it exists (the caller syncs the directory). */
export function removeFile(file: string): Promise<void> {
  return rm(file, { force: true });
}
