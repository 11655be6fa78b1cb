// Starts a real `ajar serve --demo` on a free port with a fresh database, and Debian's
// Chromium through playwright-core. Nothing here downloads a browser.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createServer } from 'node:net';
import { chromium } from 'playwright-core';
import { before, after } from 'node:test';

export const ROOT = resolve(import.meta.dirname, '../..');
export const SHOTS = join(ROOT, 'tests/e2e/output');
export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const AJAR = process.env.AJAR_BIN ?? join(ROOT, 'target/debug/ajar');

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

/**
 * Runs the server until its banner is printed; returns the demo login and links.
 * Pass the `port` and `data` of a stopped server to start it again on the same database.
 */
export async function startServer({ port, data } = {}) {
  if (!existsSync(AJAR)) throw new Error(`server binary missing: ${AJAR} (run cargo build -p ajar-server)`);
  if (!existsSync(join(ROOT, 'dist/index.html'))) throw new Error('dist/index.html missing (run trunk build --release)');
  port ??= await freePort();
  data ??= mkdtempSync(join(tmpdir(), 'ajar-e2e-'));
  const child = spawn(AJAR, ['serve', '--demo', '--db', join(data, 'ajar.sqlite3'),
    '--addr', `127.0.0.1:${port}`, '--dist', join(ROOT, 'dist')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => { err += d; });
  await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start:\n${out}\n${err}`)), 30_000);
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('Press Ctrl-C')) { clearTimeout(timer); ok(); }
    });
    child.on('exit', (code) => { clearTimeout(timer); fail(new Error(`server exited ${code}:\n${out}\n${err}`)); });
  });
  const login = out.match(/demo login: (\S+) \/ (\S+)/);
  const links = Object.fromEntries([...out.matchAll(/^\s+(\w+)\s+(http:\/\/\S+#t=\S+)$/gm)].map((m) => [m[1], m[2]]));
  return {
    port,
    data,
    base: `http://127.0.0.1:${port}`,
    email: login[1],
    password: login[2],
    links,
    logs: () => out + err,
    stop: () => new Promise((ok) => { child.once('exit', ok); child.kill('SIGTERM'); }),
  };
}

export async function launchBrowser() {
  mkdirSync(SHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// Chromium logs every 4xx fetch as a console error; a 401 is how the app learns it is
// signed out, so that one line is expected. Every other console error is a failure.
const EXPECTED = /^Failed to load resource: the server responded with a status of 401 \(Unauthorized\)$/;

/**
 * Collects console errors (but the expected 401 line) and uncaught exceptions. A
 * Content-Security-Policy violation is a console error, so it fails the journey too.
 */
export function watchConsole(page, problems) {
  page.on('console', (m) => {
    if (m.type() === 'error' && !EXPECTED.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
}

export async function shot(page, name) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

const AXE = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');

/**
 * Runs axe-core in the page and returns its violations (id and the nodes they hit).
 * Evaluated through the DevTools protocol rather than added as a <script>, which the
 * app's Content-Security-Policy (rightly) refuses.
 */
export async function axeViolations(page) {
  await page.evaluate(AXE);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** A therapist's view of the API, for checking what the server really holds. */
export async function therapistApi(request, server) {
  const r = await request.post(`${server.base}/api/v1/therapist/session`, {
    headers: { 'x-ajar-csrf': '1' },
    data: { email: server.email, password: server.password },
  });
  if (!r.ok()) throw new Error(`therapist sign-in failed: ${r.status()}`);
  return {
    async caseload() {
      const c = await request.get(`${server.base}/api/v1/therapist/caseload`);
      return c.json();
    },
    async client(label) {
      return (await this.caseload()).find((c) => c.label === label);
    },
    async setCrisisText(message) {
      const r = await request.put(`${server.base}/api/v1/therapist/crisis-text`, {
        headers: { 'x-ajar-csrf': '1' },
        data: { message },
      });
      if (!r.ok()) throw new Error(`setting the crisis text failed: ${r.status()}`);
    },
  };
}

/** Answers the current question of a check-in and presses Next (or Send). */
export async function answer(page, { radio, text }) {
  if (radio !== undefined) await page.getByRole('radio', { name: radio, exact: true }).check();
  if (text !== undefined) await page.locator('textarea').fill(text);
}

export async function next(page) {
  const before = await page.getByTestId('progress').textContent();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.waitForFunction((b) => document.querySelector('[data-testid=progress]')?.textContent !== b, before);
}

/**
 * A server and a browser for one test file: started before its tests, stopped after.
 * Tests read `env.server` and `env.browser` (a test may restart `env.server`).
 */
export function serverAndBrowser() {
  const env = {};
  before(async () => {
    env.server = await startServer();
    env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.stop();
  });
  return env;
}

/** Signs the demo therapist in through the sign-in page and waits for the caseload. */
export async function signInTherapist(page, server) {
  await page.goto(`${server.base}/t/sign-in`);
  await page.getByLabel('Email').fill(server.email);
  await page.getByLabel('Password').fill(server.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/t$/);
}
