import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

const created: string[] = [];
afterAll(() => {
  for (const dir of created) rmSync(dir, { recursive: true, force: true });
});

/** The shipped calls, as parsed JSON, for tests that edit a copy. */
export function shippedCalls(): Array<Record<string, any>> {
  return JSON.parse(readFileSync(new URL('../../fixtures/calls.json', import.meta.url), 'utf8'));
}

/** A fresh directory holding the given files (values are JSON-encoded unless already strings). */
export function fixtureDir(files: Record<string, unknown>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'klen-mock-fixtures-'));
  created.push(dir);
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(path.join(dir, name), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  return dir;
}
