/**
 * BENCHMARKS.md is written by three commands: `npm run bench` (everything but the sections
 * below), `npm run soak` (its `## Soak` section) and `node --import tsx bench/scale.ts` (its
 * `## Scale` section). Each rewrites its own part and keeps the others', and all three keep
 * `## Profiles`, written by hand: what CPU profiles say stands between a missed target and the
 * figure (a profile is read, not generated).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/** The sections `npm run bench` does not write, each under its own `## ` heading. */
export const OWN_SECTIONS = ['Soak', 'Scale', 'Profiles'] as const;
export type OwnSection = (typeof OWN_SECTIONS)[number];

const headingOf = (name: OwnSection) => new RegExp(`^## ${name}[ \\t]*$`, 'm');

/** The `## <name>` section of `markdown` (up to the next `## ` heading, or the end), or ''. */
export function sectionOf(markdown: string, name: OwnSection): string {
  const start = markdown.search(headingOf(name));
  if (start === -1) return '';
  const next = markdown.slice(start + 1).search(/^## /m);
  return next === -1 ? markdown.slice(start) : markdown.slice(start, start + 1 + next);
}

/** `markdown` with its `## <name>` section replaced by `section` (or `section` appended). */
export function withSection(markdown: string, name: OwnSection, section: string): string {
  const old = sectionOf(markdown, name);
  if (old === '') return markdown === '' ? section : `${markdown.trimEnd()}\n\n${section}`;
  const start = markdown.indexOf(old);
  const rest = markdown.slice(start + old.length);
  return `${markdown.slice(0, start)}${section}${rest === '' ? '' : `\n${rest}`}`;
}

/** The `## Soak` section of `markdown`, or ''. */
export function soakSectionOf(markdown: string): string {
  return sectionOf(markdown, 'Soak');
}

/** `markdown` with its `## Soak` section replaced by `section` (or `section` appended). */
export function withSoakSection(markdown: string, section: string): string {
  return withSection(markdown, 'Soak', section);
}

/** Writes the bench's report to `file`, keeping the soak, scale and profiles sections the file has (in the file's order). */
export function writeBenchReport(file: string, report: string): void {
  const markdown = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const kept = OWN_SECTIONS.map((name) => sectionOf(markdown, name))
    .filter((section) => section !== '')
    .sort((a, b) => markdown.indexOf(a) - markdown.indexOf(b));
  writeFileSync(file, kept.length === 0 ? report : `${report.trimEnd()}\n\n${kept.map((s) => s.trimEnd()).join('\n\n')}\n`);
}

/** Writes the soak's section into `file`, keeping everything else in it. */
export function writeSoakSection(file: string, section: string): void {
  writeOwnSection(file, 'Soak', section);
}

/** Writes the scale benchmark's section into `file`, keeping everything else in it. */
export function writeScaleSection(file: string, section: string): void {
  writeOwnSection(file, 'Scale', section);
}

function writeOwnSection(file: string, name: OwnSection, section: string): void {
  writeFileSync(file, withSection(existsSync(file) ? readFileSync(file, 'utf8') : '', name, section));
}
