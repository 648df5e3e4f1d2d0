/**
 * BENCHMARKS.md has three writers (bench/benchmarks-file.ts): `npm run bench` rewrites the file
 * but keeps the `## Soak` and `## Scale` sections; the soak and the scale benchmark each rewrite
 * only their own section. None may lose another's.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sectionOf, soakSectionOf, withSection, withSoakSection, writeBenchReport, writeScaleSection, writeSoakSection } from '../bench/benchmarks-file.js';

const BENCH = '# Benchmarks\n\nintro\n\n## Throughput\n\n| a |\n';
const SOAK = '## Soak\n\nsoak figures\n';
const SCALE = '## Scale\n\nscale figures\n';
const PROFILES = '## Profiles\n\nwhat the profiles say\n';
const file = () => path.join(mkdtempSync(path.join(tmpdir(), 'klen-benchmarks-')), 'BENCHMARKS.md');

describe('BENCHMARKS.md sections', () => {
  it('finds a section up to the next heading or the end, and not a heading that only starts alike', () => {
    const markdown = `${BENCH}\n${SOAK}\n${SCALE}`;
    expect(soakSectionOf(markdown)).toBe(`${SOAK}\n`);
    expect(sectionOf(markdown, 'Scale')).toBe(SCALE);
    expect(sectionOf('## Scaled\n\nx\n', 'Scale')).toBe('');
    expect(sectionOf(BENCH, 'Soak')).toBe('');
  });

  it('replaces a section in place, or appends it', () => {
    const markdown = `${BENCH}\n${SOAK}\n${SCALE}`;
    expect(withSoakSection(markdown, '## Soak\n\nnew\n')).toBe(`${BENCH}\n## Soak\n\nnew\n\n${SCALE}`);
    expect(withSection(markdown, 'Scale', '## Scale\n\nnew\n')).toBe(`${BENCH}\n${SOAK}\n## Scale\n\nnew\n`);
    expect(withSection(BENCH, 'Scale', SCALE)).toBe(`${BENCH}\n${SCALE}`);
    expect(withSection('', 'Soak', SOAK)).toBe(SOAK);
  });

  it('npm run bench keeps the soak and scale sections, in the order the file had them', () => {
    const target = file();
    writeFileSync(target, `old report\n\n${SCALE}\n${SOAK}`);
    writeBenchReport(target, BENCH);
    expect(readFileSync(target, 'utf8')).toBe(`${BENCH}\n${SCALE}\n${SOAK}`);
    writeFileSync(target, `old report\n\n${SOAK}`);
    writeBenchReport(target, BENCH);
    expect(readFileSync(target, 'utf8')).toBe(`${BENCH}\n${SOAK}`);
    // the hand-written profiles are kept too, by every command
    writeFileSync(target, `old report\n\n${PROFILES}\n${SOAK}`);
    writeBenchReport(target, BENCH);
    expect(readFileSync(target, 'utf8')).toBe(`${BENCH}\n${PROFILES}\n${SOAK}`);
    writeScaleSection(target, SCALE);
    expect(readFileSync(target, 'utf8')).toBe(`${BENCH}\n${PROFILES}\n${SOAK}\n${SCALE}`);
    writeFileSync(target, 'old report\n');
    writeBenchReport(target, BENCH);
    expect(readFileSync(target, 'utf8')).toBe(BENCH);
  });

  it('the soak and the scale benchmark each write their own section and keep the rest', () => {
    const target = file();
    writeFileSync(target, BENCH);
    writeScaleSection(target, SCALE);
    writeSoakSection(target, SOAK);
    expect(readFileSync(target, 'utf8')).toBe(`${BENCH}\n${SCALE}\n${SOAK}`);
    writeScaleSection(target, '## Scale\n\nsecond run\n');
    expect(readFileSync(target, 'utf8')).toBe(`${BENCH}\n## Scale\n\nsecond run\n\n${SOAK}`);
    const fresh = file();
    writeScaleSection(fresh, SCALE);
    expect(readFileSync(fresh, 'utf8')).toBe(SCALE);
  });
});
