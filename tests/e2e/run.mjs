// Runs the journeys and refuses to pass on nothing. `node --test` exits 0 when it found
// no test at all (a renamed folder, a typo in a pattern), so this reads its summary,
// prints one plain line CI can read, and fails on zero tests, on any failure, and on any
// test cancelled (a hook that timed out) or skipped (the README promises nothing is).
//
// Usage: node tests/e2e/run.mjs [test files…]   (default: every journey in tests/e2e/)
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

const HERE = import.meta.dirname;
// Each journey has its own timeout (harness.mjs). node --test applies this one to each
// file as a whole too (it runs each in its own process), so it must hold a file's every
// journey: 20 random runs take about 2 minutes, the torture's 200 about 15
// (AJAR_E2E_FILE_TIMEOUT_MS raises it).
const TEST_TIMEOUT_MS = Number(process.env.AJAR_E2E_FILE_TIMEOUT_MS ?? 20 * 60_000);

const files = process.argv.slice(2);
const args = ['--test', '--test-concurrency=1', '--test-reporter=spec', `--test-timeout=${TEST_TIMEOUT_MS}`,
  ...(files.length ? files : [resolve(HERE)])];
const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });

let out = '';
child.stdout.on('data', (d) => {
  out += d;
  process.stdout.write(d);
});

const code = await new Promise((ok) => child.on('close', (c, signal) => ok(signal ? 1 : c)));

/** The spec reporter's closing counts ("ℹ tests 16", "ℹ pass 15", …); the last one wins. */
function count(name) {
  const all = [...out.matchAll(new RegExp(`^\\S*\\s*${name} (\\d+)\\s*$`, 'gm'))];
  return all.length ? Number(all.at(-1)[1]) : null;
}
const [tests, pass, fail, cancelled, skipped, todo] = ['tests', 'pass', 'fail', 'cancelled', 'skipped', 'todo'].map(count);

const problems = [];
if (tests === null || pass === null || fail === null) problems.push('no test summary from node --test');
else if (tests === 0) problems.push('no journey ran');
if (cancelled) problems.push(`${cancelled} cancelled`);
if (skipped || todo) problems.push(`${(skipped ?? 0) + (todo ?? 0)} skipped`);
if (code !== 0 && !fail && !cancelled) problems.push(`node --test exited ${code}`);

const failed = (fail ?? 0) + (cancelled ?? 0);
console.log(`journeys: ${pass ?? 0} passed, ${failed} failed${problems.length ? ` (${problems.join('; ')})` : ''}`);
process.exit(problems.length || failed || code !== 0 ? 1 : 0);
