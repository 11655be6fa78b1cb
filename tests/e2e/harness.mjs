// A real server (server.mjs) and Debian's Chromium through playwright-core for each test
// file. Nothing here downloads a browser.
//
// Every journey runs through `env.journey(name, fn)`: its pages are watched (console
// errors, uncaught exceptions, CSP violations and 4xx/5xx answers fail it, unless a step
// names them), it has a timeout, and a crash of the server fails it at once with the
// server's last log lines instead of leaving it to wait.
import { createHmac } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { before, after, test } from 'node:test';
import { startServer, failOnCrash } from './server.mjs';

export { startServer };

export const ROOT = resolve(import.meta.dirname, '../..');
export const SHOTS = join(ROOT, 'tests/e2e/output');
export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
export const LAPTOP = { viewport: { width: 1280, height: 900 } };

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** A whole journey; long ones take about 20 s on a quiet machine, so this is slack, not a target. */
export const JOURNEY_TIMEOUT = 120_000;
/**
 * Every Playwright action and wait (Playwright's own default is 30 s). One page, one
 * server on 127.0.0.1: nothing honest takes this long, even on a busy 2-core machine, and
 * a step that hangs fails as that step rather than as the whole journey's timeout.
 */
const ACTION_TIMEOUT = 15_000;

export async function launchBrowser() {
  mkdirSync(SHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    timeout: 30_000,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * A server and a browser for one test file: started before its tests, stopped after.
 * Tests read `env.server` and `env.browser` (a test may restart `env.server`), and are
 * declared with `env.journey(name, async (j) => …)`.
 */
export function serverAndBrowser() {
  const env = {
    journey(name, fn, { timeout = JOURNEY_TIMEOUT } = {}) {
      test(name, { timeout }, async () => {
        const j = new Journey(env);
        running = j;
        try {
          await failOnCrash(() => fn(j));
          j.assertClean();
        } finally {
          running = null;
          await j.close();
        }
      });
    },
  };
  before(async () => {
    env.server = await startServer();
    env.browser = await launchBrowser();
  }, { timeout: 60_000 });
  after(async () => {
    await env.browser?.close();
    await env.server?.stop();
  }, { timeout: 30_000 });
  return env;
}

// Playwright calls a route or event handler in the async context of the hook that
// launched the browser, so node:test blames a handler's rejected promise on that hook and
// fails the whole file without naming a journey (nor a random run's seed). The journey
// running at that moment takes it as one of its problems instead.
let running = null;
process.on('unhandledRejection', (e) => {
  if (!running) throw e;
  running.problems.push(`unhandled rejection: ${e?.stack ?? e}`);
});

const pathOf = (url) => { try { return new URL(url).pathname; } catch { return url; } };
// Chromium repeats each 4xx/5xx answer, and each request it could not make, as one of
// these console errors, sometimes after the step that caused it has ended.
const ECHO = /^Failed to load resource: the server responded with a status of (\d{3})/;
const NET_ECHO = /^Failed to load resource: (net::\S+)/;

/**
 * One journey's browser contexts and what their pages report. Anything a page reports
 * is a problem, unless the step running at that moment names it (`allow`, `expectStatus`,
 * `expectConsole`); the journey fails on any problem when it ends.
 */
class Journey {
  #env;
  #contexts = [];
  #watched = new WeakSet();
  #allowances = [];
  #exempt = new Set(); // "status url" / "net::ERR… url" a step allowed, so their late console echo is too
  problems = [];

  constructor(env) { this.#env = env; }

  /** A browser context whose pages are all watched, closed when the journey ends. */
  async context(options = {}) {
    const context = await this.#env.browser.newContext(options);
    context.setDefaultTimeout(ACTION_TIMEOUT);
    context.setDefaultNavigationTimeout(ACTION_TIMEOUT);
    context.on('page', (page) => this.#watch(page));
    this.#contexts.push(context);
    return context;
  }

  /** A watched page in a context of its own. */
  async page(options = {}) {
    const context = await this.context(options);
    const page = await context.newPage();
    this.#watch(page);
    return { context, page };
  }

  /** The therapist's API on a context of its own (see `therapistApi`). */
  async api() {
    return therapistApi((await this.context()).request, this.#env.server);
  }

  #watch(page) {
    if (this.#watched.has(page)) return;
    this.#watched.add(page);
    page.on('console', (m) => {
      if (m.type() === 'error') this.#report({ kind: 'console', text: m.text(), url: m.location().url ?? '' });
    });
    page.on('pageerror', (e) => this.#report({ kind: 'pageerror', text: e.message, url: page.url() }));
    page.on('response', (r) => {
      if (r.status() >= 400) {
        this.#report({ kind: 'response', text: `${r.status()} ${r.request().method()} ${pathOf(r.url())}`, url: r.url(), status: r.status() });
      }
    });
    // Not a problem by itself (a page leaving cancels its fetches), only what a step may
    // allow, so that the console error repeating it is allowed too, whenever it comes.
    page.on('requestfailed', (r) => {
      const event = { kind: 'requestfailed', text: r.failure()?.errorText ?? '', url: r.url() };
      const allowance = this.#allowances.find((a) => a.test({ ...event, kind: 'console', text: `Failed to load resource: ${event.text}` }));
      if (allowance) this.#exempt.add(`${event.text} ${event.url}`);
    });
  }

  #report(event) {
    const echo = event.kind === 'console' && (event.text.match(ECHO) ?? event.text.match(NET_ECHO));
    if (echo && this.#exempt.has(`${echo[1]} ${event.url}`)) return;
    const allowance = this.#allowances.find((a) => a.test(event));
    if (allowance) {
      allowance.seen.push(event);
      if (event.kind === 'response') this.#exempt.add(`${event.status} ${event.url}`);
      return;
    }
    // (Without the address's fragment: on a client's link it holds the token.)
    this.problems.push(`${event.kind}: ${event.text}${event.kind === 'response' ? '' : ` (${event.url.replace(/#.*/, '')})`}`);
  }

  async #during(allowance, step) {
    allowance.seen = [];
    this.#allowances.push(allowance);
    try {
      return await step();
    } finally {
      this.#allowances.splice(this.#allowances.indexOf(allowance), 1);
    }
  }

  /** Runs `step` with problems matching `pattern` ("console: …", "response: 404 GET /…") allowed. */
  allow(pattern, step) {
    return this.#during({ test: (e) => pattern.test(`${e.kind}: ${e.text}`) }, step);
  }

  /**
   * Runs `step`, which must get at least one `status` answer from a path matching `path`
   * (and may get more); other 4xx/5xx stay problems.
   */
  async expectStatus(status, path, step) {
    const isStatus = (e) => (e.kind === 'response' && e.status === status)
      || (e.kind === 'console' && ECHO.exec(e.text)?.[1] === String(status));
    const allowance = { test: (e) => isStatus(e) && path.test(pathOf(e.url)) };
    const result = await this.#during(allowance, step);
    assert.ok(allowance.seen.some((e) => e.kind === 'response'), `expected a ${status} from ${path} during this step; saw none`);
    return result;
  }

  /** Runs `step`, which must make a page log a console error matching `pattern`. */
  async expectConsole(pattern, step) {
    const allowance = { test: (e) => e.kind === 'console' && pattern.test(e.text) };
    const result = await this.#during(allowance, step);
    assert.ok(allowance.seen.length > 0, `expected a console error matching ${pattern} during this step; saw none`);
    return result;
  }

  assertClean() {
    assert.deepEqual(this.problems, [], 'pages of this journey reported problems');
  }

  async close() {
    await Promise.all(this.#contexts.map((c) => c.close().catch(() => {})));
  }
}

const LOADING = ['Loading…', 'Opening your check-ins…'];

/**
 * Waits until `content` shows and nothing visible on its page still says it is loading,
 * so no assertion reads a page that has not got its data yet.
 */
export async function loaded(content) {
  await content.waitFor();
  await content.page().waitForFunction((words) => ![...document.querySelectorAll('body *')]
    .some((el) => el.childElementCount === 0 && words.includes(el.textContent.trim()) && el.checkVisibility()), LOADING);
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

const CSRF = { 'x-ajar-csrf': '1' };

/** Fails with what the server said when a setup call is refused, instead of going on. */
async function ok(response, what) {
  if (!response.ok()) throw new Error(`${what} failed: ${response.status()} ${await response.text()}`);
  return response;
}

/** A therapist's view of the API, for checking what the server really holds. */
export async function therapistApi(request, server) {
  await ok(await request.post(`${server.base}/api/v1/therapist/session`, {
    headers: CSRF,
    data: { email: server.email, password: server.password },
  }), 'therapist sign-in');
  const url = (path) => `${server.base}/api/v1/therapist${path}`;
  return {
    async caseload() {
      return (await ok(await request.get(url('/caseload')), 'reading the caseload')).json();
    },
    async client(label) {
      return (await this.caseload()).find((c) => c.label === label);
    },
    /** One client's page data: summary and whole history. */
    async detail(clientId) {
      return (await ok(await request.get(url(`/clients/${clientId}`)), 'reading a client')).json();
    },
    /** Every client, archived ones too. */
    async clients() {
      return (await ok(await request.get(url('/clients')), 'listing clients')).json();
    },
    /** Adds a client; returns their id and personal link. */
    async addClient(label) {
      const r = await ok(await request.post(url('/clients'), { headers: CSRF, data: { label, origin: server.base } }), 'adding a client');
      return r.json();
    },
    async closeTherapy(clientId, endingType) {
      await ok(await request.post(url(`/clients/${clientId}/close`), { headers: CSRF, data: { ending_type: endingType } }), 'closing therapy');
    },
    async reopenTherapy(clientId) {
      await ok(await request.post(url(`/clients/${clientId}/reopen`), { headers: CSRF }), 'reopening therapy');
    },
    /** Renews a client's link (the old one stops working); returns the new one. */
    async renewLink(clientId) {
      const r = await ok(await request.post(url(`/clients/${clientId}/link`), { headers: CSRF, data: { origin: server.base } }), 'renewing a link');
      return (await r.json()).link;
    },
    async setCrisisText(message) {
      await ok(await request.put(url('/crisis-text'), { headers: CSRF, data: { message } }), 'setting the crisis text');
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

/** Signs the demo therapist in through the sign-in page and waits for the caseload. */
export async function signInTherapist(page, server) {
  await page.goto(`${server.base}/t/sign-in`);
  await page.getByLabel('Email').fill(server.email);
  await page.getByLabel('Password').fill(server.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/t$/);
  await loaded(page.getByTestId('caseload'));
}

/**
 * The six-digit code an authenticator app shows at `ms` for a base32 key (RFC 6238:
 * HMAC-SHA-1, 30-second steps), so a journey can play the therapist's phone.
 */
export function totpCode(base32Key, ms = Date.now()) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const bytes = [];
  for (const c of base32Key.replace(/[=\s]/g, '').toUpperCase()) {
    value = (value << 5) | alphabet.indexOf(c);
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(ms / 30000)));
  const h = createHmac('sha1', Buffer.from(bytes)).update(counter).digest();
  const at = h[19] & 15;
  const n = (((h[at] & 127) << 24) | (h[at + 1] << 16) | (h[at + 2] << 8) | h[at + 3]) % 1e6;
  return String(n).padStart(6, '0');
}
