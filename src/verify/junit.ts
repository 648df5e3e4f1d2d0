import { scenarioTitle, type VerifyReport } from './run-verify.js';

/** The report as JUnit XML (one testsuite per operation), the format CI systems display. */
export function toJUnit(report: VerifyReport): string {
  const byOperation = new Map<string, VerifyReport['results']>();
  for (const result of report.results) {
    byOperation.set(result.operationId, [...(byOperation.get(result.operationId) ?? []), result]);
  }
  const failures = report.results.filter((r) => r.violations.length > 0).length;
  const seconds = (ms: number) => (ms / 1000).toFixed(3);
  const total = report.results.reduce((sum, r) => sum + r.ms, 0);
  const suites = [...byOperation].map(([operationId, results]) => {
    const cases = results.map((r) => {
      const head = `    <testcase classname="${xml(`klen-mock verify.${operationId}`)}" name="${xml(scenarioTitle(r))}" time="${seconds(r.ms)}">`;
      if (r.violations.length === 0) return `${head}</testcase>`;
      const detail = [`${r.method} ${r.url} → ${r.status ?? 'no response'}`, ...r.violations].join('\n');
      return `${head}\n      <failure message="${xml(r.violations[0] as string)}">${xml(detail)}</failure>\n    </testcase>`;
    });
    const suiteFailures = results.filter((r) => r.violations.length > 0).length;
    const time = results.reduce((sum, r) => sum + r.ms, 0);
    return `  <testsuite name="${xml(operationId)}" tests="${results.length}" failures="${suiteFailures}" errors="0" time="${seconds(time)}">\n${cases.join('\n')}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="klen-mock verify ${xml(report.target)}" tests="${report.results.length}" failures="${failures}" errors="0" time="${seconds(total)}">\n${suites.join('\n')}\n</testsuites>\n`;
}

function xml(text: string): string {
  // also drops characters XML 1.0 cannot carry
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}
