// Runs a real `ajar serve --demo` on a free port with a fresh database, and notices when
// it dies: an exit nobody asked for fails the running journey at once (see `failOnCrash`),
// with the server's last log lines, instead of leaving every later step to time out.
// The database is a SQLite file, or with AJAR_E2E_POSTGRES (a PostgreSQL server's URL)
// a database of its own on that server.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createServer } from 'node:net';

const ROOT = resolve(import.meta.dirname, '../..');
const AJAR = process.env.AJAR_BIN ?? join(ROOT, 'target/debug/ajar');
// The built app the server serves; another build can be tried without touching dist/.
const DIST = process.env.AJAR_DIST ?? join(ROOT, 'dist');

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
    s.on('error', fail);
  });
}

const lastLines = (text, n = 40) => text.trimEnd().split('\n').slice(-n).join('\n');

// The first server of this file that exited without being asked to. It stays set: the
// journeys after it have no server, so they fail at once with the same message.
let crash = null;
const crashWatchers = new Set();

function reportCrash(error) {
  crash ??= error;
  for (const fail of crashWatchers) fail(error);
}

/**
 * Runs `work` and settles like it, unless a server crashes first: then it fails at once.
 * (`work` goes on in the background until its next Playwright call fails, and that
 * failure goes nowhere.) After a crash, `work` is not even started.
 */
export function failOnCrash(work) {
  if (crash) return Promise.reject(crash);
  let fail;
  const crashed = new Promise((_, f) => { fail = f; });
  crashWatchers.add(fail);
  return Promise.race([work(), crashed]).finally(() => crashWatchers.delete(fail));
}

/** The `--db` of the server whose files are in `data`, made on first use. */
function database(data) {
  const server = process.env.AJAR_E2E_POSTGRES;
  if (!server) return join(data, 'ajar.sqlite3');
  // Kept in the folder, so a server started again there finds its database.
  const kept = join(data, 'postgres-url');
  if (existsSync(kept)) return readFileSync(kept, 'utf8');
  const name = `ajar_e2e_${data.split('-').pop().toLowerCase().replace(/[^a-z0-9]/g, '')}_${process.pid}`;
  execFileSync('psql', [server, '--quiet', '--no-psqlrc', '-c', `CREATE DATABASE ${name}`]);
  const url = server.replace(/\/[^/]*$/, `/${name}`);
  writeFileSync(kept, url);
  return url;
}

/**
 * Runs the server until its banner is printed; returns the demo login and links.
 * Pass the `port` and `data` of a stopped server to start it again on the same database.
 */
export async function startServer({ port, data } = {}) {
  if (!existsSync(AJAR)) throw new Error(`server binary missing: ${AJAR} (run cargo build -p ajar-server)`);
  if (!existsSync(join(DIST, 'index.html'))) throw new Error(`${DIST}/index.html missing (run trunk build --release)`);
  port ??= await freePort();
  data ??= mkdtempSync(join(tmpdir(), 'ajar-e2e-'));
  // On PostgreSQL the audit key lives in the folder too (on SQLite, beside its file).
  const env = process.env.AJAR_E2E_POSTGRES
    ? { ...process.env, AJAR_AUDIT_KEY_FILE: join(data, 'postgres.audit-key') }
    : process.env;
  const child = spawn(AJAR, ['serve', '--demo', '--db', database(data),
    '--addr', `127.0.0.1:${port}`, '--dist', DIST], { stdio: ['ignore', 'pipe', 'pipe'], env });
  // A test process that dies must not leave its server behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let out = ''; // stdout alone: the banner
  let log = ''; // both streams as they came, for the last lines of a crash
  let stopping = false;
  // Listened to from the start, so an exit that happens early is never missed.
  const exited = new Promise((ok) => child.once('exit', (code, signal) => {
    process.off('exit', killOnExit);
    ok(signal ?? `code ${code}`);
  }));
  child.stderr.on('data', (d) => { log += d; });
  exited.then((how) => {
    if (!stopping) reportCrash(new Error(`the server (pid ${child.pid}) exited unexpectedly (${how}); its last lines:\n${lastLines(log)}`));
  });
  await new Promise((ok, fail) => {
    const timer = setTimeout(() => {
      stopping = true;
      child.kill('SIGKILL');
      fail(new Error(`server did not start within 30 s:\n${lastLines(log)}`));
    }, 30_000);
    child.stdout.on('data', (d) => {
      out += d;
      log += d;
      if (out.includes('Press Ctrl-C')) { clearTimeout(timer); ok(); }
    });
    exited.then((how) => { clearTimeout(timer); fail(new Error(`server exited (${how}) before it started:\n${lastLines(log)}`)); });
  });
  const login = out.match(/demo login: (\S+) \/ (\S+)/);
  const links = Object.fromEntries([...out.matchAll(/^\s+(\w+)\s+(http:\/\/\S+#t=\S+)$/gm)].map((m) => [m[1], m[2]]));
  return {
    port,
    data,
    pid: child.pid,
    base: `http://127.0.0.1:${port}`,
    email: login[1],
    password: login[2],
    links,
    logs: () => log,
    /** Stops it (SIGTERM, SIGKILL after 10 s); returns at once if it already exited. */
    async stop() {
      stopping = true;
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const slow = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(slow);
    },
  };
}
