import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';

/**
 * Calls `onChange` (debounced) when any of `files` is written, created, renamed or deleted.
 * Watches the parent directories rather than the files, because editors often save by writing
 * a new file and renaming it over the old one, which a watch on the file itself would miss.
 * Returns a function that stops watching.
 */
export function watchFiles(files: readonly string[], onChange: () => void, debounceMs = 150): () => void {
  const byDirectory = new Map<string, Set<string>>();
  for (const file of files) {
    const dir = path.dirname(path.resolve(file));
    byDirectory.set(dir, (byDirectory.get(dir) ?? new Set()).add(path.basename(file)));
  }
  let timer: NodeJS.Timeout | undefined;
  const watchers: FSWatcher[] = [...byDirectory].map(([dir, names]) =>
    watch(dir, { persistent: false }, (_event, filename) => {
      if (filename !== null && !names.has(filename.toString())) return;
      clearTimeout(timer);
      timer = setTimeout(onChange, debounceMs);
    }),
  );
  return () => {
    clearTimeout(timer);
    for (const watcher of watchers) watcher.close();
  };
}
