// Randomised phone journeys, seeded: a client answers, reloads, loses and regains signal,
// has responses dropped after the server applied them and requests dropped before it
// saw them, closes tabs, opens second tabs, restarts the browser with its storage, and
// opens another client's link on the same phone. After each run the server holds
// exactly the check-ins each client sent, each once, under that client, within 30 s of
// the last reconnect.
//
// AJAR_RANDOM_RUNS runs (20 in `cargo xtask test`, 200 in `cargo xtask torture`), from
// AJAR_RANDOM_SEED (default: the time). A failing run prints its seed; replay it with
// AJAR_RANDOM_SEED=<seed> AJAR_RANDOM_RUNS=1.
import assert from 'node:assert/strict';
import { after } from 'node:test';
import { serverAndBrowser, loaded, therapistApi, next, PHONE } from './harness.mjs';

const env = serverAndBrowser();
const RUNS = Number(process.env.AJAR_RANDOM_RUNS ?? 20);
const FIRST_SEED = Number(process.env.AJAR_RANDOM_SEED ?? Date.now() % 1_000_000_007);
const CLIENTS = ['Jo', 'Alex', 'River'];
const HOME = 'Your check-ins with Sam Rivera';
const STEPS = 8;
// Whatever a dropped or offline request makes Chromium or the harness report, and the
// 409 a tab left on one client's page gets when it sends after another tab opened a
// different client's link (the end state below still holds every check-in to its client).
const EXPECTED = /ERR_INTERNET_DISCONNECTED|ERR_FAILED|ERR_NETWORK_CHANGED|net::ERR_|409 POST \/api\/v1\/client\/responses|status of 409 \(Conflict\)/;

/** mulberry32: small, seeded, good enough to pick steps. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const totals = { runs: 0, checkIns: 0, steps: {} };
after(() => {
  const steps = Object.entries(totals.steps).map(([k, v]) => `${k} ${v}`).join(', ');
  console.log(`random phone: ${totals.runs} runs passed, ${totals.checkIns} check-ins sent, each on the server once under its own client (steps: ${steps})`);
});

let api;
async function theApi() {
  // One signed-in therapist for every run (not a sign-in per run).
  api ??= await therapistApi((await env.browser.newContext()).request, env.server);
  return api;
}

async function idsOf(label) {
  const a = await theApi();
  const entry = await a.client(label);
  const detail = await a.detail(entry.client_id);
  return new Set(detail.history.map((r) => r.id));
}

/** Answers a GAD-7 from wherever its draft is and presses Send; returns its id. */
async function answerGad7(page, pick) {
  await page.goto(`${env.server.base}/c/gad-7`);
  const form = page.locator('form[data-draft-id]');
  await form.waitFor();
  const id = await form.getAttribute('data-draft-id');
  for (let step = 0; step < 12; step++) {
    const send = page.getByRole('button', { name: 'Send' });
    const radios = page.locator('input[type=radio]');
    const n = await radios.count();
    if (n) await radios.nth(Math.floor(pick() * n)).check();
    if (await send.isVisible()) {
      await send.click();
      await page.waitForURL(/\/c$/);
      return id;
    }
    await next(page);
  }
  throw new Error('GAD-7 never reached Send');
}

async function openLink(page, label) {
  await page.goto('about:blank');
  await page.goto(env.server.links[label]);
  await loaded(page.getByRole('heading', { name: HOME }));
}

for (let run = 0; run < RUNS; run++) {
  const seed = FIRST_SEED + run;
  env.journey(`random phone run ${run + 1}/${RUNS} (AJAR_RANDOM_SEED=${seed})`, async (j) => {
    const pick = rng(seed);
    const choose = (list) => list[Math.floor(pick() * list.length)];
    const before = Object.fromEntries(await Promise.all(CLIENTS.map(async (c) => [c, await idsOf(c)])));
    const sent = Object.fromEntries(CLIENTS.map((c) => [c, new Set()]));
    const log = [];
    let current = choose(CLIENTS);
    let online = true;
    let drop = null; // 'before' | 'after' | null: what happens to the next check-in sent
    let { context, page } = await j.page(PHONE);

    const route = async (r) => {
      const mode = drop;
      if (mode === 'before') return r.abort('failed');
      if (mode === 'after') {
        drop = null;
        await r.fetch().catch(() => {}); // the server applies it…
        return r.abort('failed'); // …and the phone never hears
      }
      return r.continue();
    };
    const watch = (c) => c.route('**/api/v1/client/responses', route);
    await watch(context);

    await j.allow(EXPECTED, async () => {
      await openLink(page, current);
      await page.evaluate(() => navigator.serviceWorker.ready);
      for (let i = 0; i < STEPS; i++) {
        const step = choose(['answer', 'answer', 'answer', 'reload', 'offline', 'online',
          'drop-after', 'drop-before', 'close-tab', 'second-tab', 'restart', 'other-link']);
        log.push(step);
        switch (step) {
          case 'answer':
            sent[current].add(await answerGad7(page, pick));
            break;
          case 'reload':
            await page.reload();
            await page.locator('main').waitFor();
            break;
          case 'offline':
            online = false;
            await context.setOffline(true);
            break;
          case 'online':
            online = true;
            drop = null;
            await context.setOffline(false);
            break;
          case 'drop-after':
          case 'drop-before':
            drop = step === 'drop-after' ? 'after' : 'before';
            break;
          case 'close-tab':
            await page.close();
            page = await context.newPage();
            await page.goto(`${env.server.base}/c`);
            await page.locator('main').waitFor();
            break;
          case 'second-tab':
            page = await context.newPage();
            await page.goto(`${env.server.base}/c`);
            await page.locator('main').waitFor();
            break;
          case 'restart': {
            // Closing the browser and opening it again: storage and cookies survive.
            if (!online) await context.setOffline(false);
            online = true;
            const state = await context.storageState();
            // A send in flight dies with the browser; its handler's late abort is moot.
            await context.unrouteAll({ behavior: 'ignoreErrors' });
            await context.close();
            context = await j.context({ ...PHONE, storageState: state });
            await watch(context);
            page = await context.newPage();
            await page.goto(`${env.server.base}/c`);
            await page.locator('main').waitFor();
            // A browser keeps its service workers across a restart; Playwright's saved
            // state does not, so the new context installs it again before going on.
            await page.evaluate(() => navigator.serviceWorker.ready);
            break;
          }
          case 'other-link':
            if (!online) await context.setOffline(false);
            online = true;
            drop = null;
            current = choose(CLIENTS);
            await openLink(page, current);
            break;
        }
      }
      // The signal comes back for good; each client opens their own link again, and
      // whatever waited for them goes.
      drop = null;
      await context.setOffline(false);
      // Waiting for a handler still in flight: `unroute` alone would hand its request on
      // at once, and the handler's own abort would then fail as "already handled".
      await context.unrouteAll({ behavior: 'wait' });
      const order = [...CLIENTS.filter((c) => c !== current && sent[c].size), current];
      for (const label of order) {
        await openLink(page, label);
        const deadline = Date.now() + 30_000;
        let held;
        for (;;) {
          held = await idsOf(label);
          if ([...sent[label]].every((id) => held.has(id)) || Date.now() > deadline) break;
          await page.waitForTimeout(250);
        }
        const missing = [...sent[label]].filter((id) => !held.has(id));
        assert.deepEqual(missing, [], `seed ${seed}: ${label}'s check-ins not on the server within 30 s (${log.join(', ')})`);
      }
      await page.waitForTimeout(500);
    });
    for (const label of CLIENTS) {
      const now = await idsOf(label);
      const added = [...now].filter((id) => !before[label].has(id)).sort();
      assert.deepEqual(added, [...sent[label]].sort(),
        `seed ${seed}: the server holds exactly what ${label} sent, each once, nothing of anyone else's (${log.join(', ')})`);
    }
    totals.runs += 1;
    totals.checkIns += CLIENTS.reduce((n, c) => n + sent[c].size, 0);
    for (const step of log) totals.steps[step] = (totals.steps[step] ?? 0) + 1;
  });
}
