// `npm run test:repeat -- [runs] [--pg]`: runs `npm test` (or, with --pg, `npm run test:pg`)
// several times in a row (default 10) and prints one line per run and a summary, so "green
// every time" is a measurement, not a hope. Exits non-zero if any run failed; a failed run's
// output is kept in .tmp/repeat-<n>.log.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';

const args = process.argv.slice(2);
const pg = args.includes('--pg');
const runs = Number(args.find((arg) => /^\d+$/.test(arg)) ?? 10);
const script = pg ? ['run', 'test:pg'] : ['test'];
mkdirSync('.tmp', { recursive: true });

let failed = 0;
const durations = [];
for (let run = 1; run <= runs; run++) {
  const started = Date.now();
  const result = spawnSync('npm', [...script, '--', '--reporter=dot'], { encoding: 'utf8', env: process.env, maxBuffer: 64 * 1024 * 1024 });
  const seconds = (Date.now() - started) / 1000;
  durations.push(seconds);
  const output = `${result.stdout}\n${result.stderr}`;
  const tests = /Tests\s+(.*)/.exec(output.replace(/\x1b\[[0-9;]*m/g, ''))?.[1]?.trim() ?? 'no summary';
  if (result.status === 0) {
    console.log(`run ${run}/${runs}: passed in ${seconds.toFixed(1)} s (${tests})`);
  } else {
    failed++;
    writeFileSync(`.tmp/repeat-${run}.log`, output);
    console.log(`run ${run}/${runs}: FAILED in ${seconds.toFixed(1)} s (${tests}); output in .tmp/repeat-${run}.log`);
  }
}
const mean = durations.reduce((a, b) => a + b, 0) / durations.length;
console.log(`${pg ? 'npm run test:pg' : 'npm test'}: ${runs - failed} of ${runs} runs green (mean ${mean.toFixed(1)} s)`);
process.exit(failed === 0 ? 0 : 1);
