import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** promtool from Debian's `prometheus` package (.ci/run installs it); null when absent. */
export const PROMTOOL = ['/usr/bin/promtool', '/usr/local/bin/promtool'].find((p) => existsSync(p)) ?? null;

/** What `promtool check metrics` says about a scrape: '' when it finds nothing (exit 0 and no output). */
export function promtoolProblems(exposition: string): string {
  const run = spawnSync(PROMTOOL!, ['check', 'metrics'], { input: exposition, encoding: 'utf8' });
  const said = `${run.stdout}${run.stderr}`.trim();
  return run.status === 0 && said === '' ? '' : `exit ${run.status}: ${said}`;
}
