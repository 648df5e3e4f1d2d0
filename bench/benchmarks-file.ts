/**
 * BENCHMARKS.md is written by two commands: `npm run bench` (everything but the soak) and
 * `npm run soak` (its `## Soak` section). Each rewrites its own part and keeps the other's.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const SOAK_HEADING = /^## Soak[ \t]*$/m;

/** The `## Soak` section of `markdown` (up to the next `## ` heading, or the end), or ''. */
export function soakSectionOf(markdown: string): string {
  const start = markdown.search(SOAK_HEADING);
  if (start === -1) return '';
  const next = markdown.slice(start + 1).search(/^## /m);
  return next === -1 ? markdown.slice(start) : markdown.slice(start, start + 1 + next);
}

/** `markdown` with its `## Soak` section replaced by `section` (or `section` appended). */
export function withSoakSection(markdown: string, section: string): string {
  const old = soakSectionOf(markdown);
  if (old === '') return markdown === '' ? section : `${markdown.trimEnd()}\n\n${section}`;
  const start = markdown.indexOf(old);
  const rest = markdown.slice(start + old.length);
  return `${markdown.slice(0, start)}${section}${rest === '' ? '' : `\n${rest}`}`;
}

/** Writes the bench's report to `file`, keeping the soak section the file has. */
export function writeBenchReport(file: string, report: string): void {
  const soak = existsSync(file) ? soakSectionOf(readFileSync(file, 'utf8')) : '';
  writeFileSync(file, soak === '' ? report : `${report.trimEnd()}\n\n${soak.trimEnd()}\n`);
}

/** Writes the soak's section into `file`, keeping everything else in it. */
export function writeSoakSection(file: string, section: string): void {
  writeFileSync(file, withSoakSection(existsSync(file) ? readFileSync(file, 'utf8') : '', section));
}
