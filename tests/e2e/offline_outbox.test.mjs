// Drafts and the outbox in a real Chromium at phone size: nothing typed is lost, nothing
// sent is stored twice, and a link opened once opens again without the server.
import assert from 'node:assert/strict';
import { serverAndBrowser, startServer, loaded, shot, axeViolations, answer, next, PHONE } from './harness.mjs';

const env = serverAndBrowser();
// What Chromium logs for each request it could not make with no network.
const NO_NETWORK = /ERR_INTERNET_DISCONNECTED/;
// What the phone says when its storage refuses a draft (src/messages/en.rs).
const NOT_SAVED = 'Not saved: this phone would not store your answers';

/** The stored draft of `instrument`, under whichever client it is filed (src/offline/space.rs). */
function storedDraft(page, instrument) {
  return page.evaluate((instrument) => {
    const key = Object.keys(localStorage).find((k) => k.endsWith(`.draft.${instrument}`));
    return key === undefined ? null : JSON.parse(localStorage.getItem(key));
  }, instrument);
}

/** A phone signed in through `label`'s link, with the service worker ready. */
async function signedInPhone(j, label) {
  const { context, page } = await j.page(PHONE);
  await page.goto(env.server.links[label]);
  await loaded(page.getByRole('heading', { name: 'Your check-ins with Sam Rivera' }));
  await page.evaluate(() => navigator.serviceWorker.ready);
  return { context, page };
}

env.journey('a) half a check-in offline survives a reload, is sent offline, and arrives once', async (j) => {
  const api = await j.api();
  const before = (await api.client('Jo')).response_count;
  const { context, page } = await signedInPhone(j, 'Jo');
  let wentOnline;

  await page.getByRole('link', { name: 'Start: Weekly check-in' }).click();
  await page.getByText('Question 1 of 4').waitFor();
  await j.allow(NO_NETWORK, async () => {
    await context.setOffline(true);
    await answer(page, { radio: '3' });
    await next(page);
    await answer(page, { radio: 'Not sure' });
    await page.getByTestId('draft-status').filter({ hasText: 'Saved on this phone' }).waitFor();

    await page.reload();
    await page.getByText('Question 2 of 4').waitFor();
    assert.equal(await page.getByRole('radio', { name: 'Not sure' }).isChecked(), true);
    await page.getByRole('button', { name: 'Back' }).click();
    assert.equal(await page.getByRole('radio', { name: '3', exact: true }).isChecked(), true);
    await next(page);
    await next(page);
    await answer(page, { text: 'The letter from work.' });
    await next(page);
    await answer(page, { radio: 'Keep going as we are' });
    await page.getByRole('button', { name: 'Send' }).click();

    await page.waitForURL(/\/c$/);
    await page.getByTestId('status').filter({ hasText: 'Waiting for a connection — 1 check-in will be sent' }).waitFor();
    await shot(page, '10-waiting-for-connection');
    assert.equal((await api.client('Jo')).response_count, before, 'nothing reached the server while offline');

    await page.waitForTimeout(1100);
    wentOnline = Date.now();
    await context.setOffline(false);
    await page.getByTestId('status').filter({ hasText: /^Sent$/ }).waitFor();
  });
  const jo = await api.client('Jo');
  assert.equal(jo.response_count, before + 1, 'exactly one new response');
  const between = jo.latest.find((r) => r.instrument === 'ajar-between');
  assert.deepEqual(between.answers, { since: 3, helping: 3, agenda: 'The letter from work.', next: 0 });
  // Its time is when it was written offline, not when the signal came back.
  assert.ok(between.answered_at_ms < wentOnline, `${between.answered_at_ms} < ${wentOnline}`);
  assert.ok(between.received_at_ms >= wentOnline, 'received after the signal came back');
});

env.journey('b) a reply lost after the server stored the check-in: the retry stores nothing twice', async (j) => {
  const api = await j.api();
  const before = (await api.client('River')).response_count;
  const { page } = await signedInPhone(j, 'River');
  let dropped = 0;
  await page.route('**/api/v1/client/responses', async (route) => {
    if (dropped === 0) {
      dropped += 1;
      const applied = await route.fetch(); // the server stores it…
      assert.equal(applied.status(), 201);
      await route.abort('connectionreset'); // …and the phone never hears back.
      return;
    }
    await route.continue();
  });

  await page.getByRole('link', { name: 'Start: Session check-in' }).click();
  await answer(page, { radio: '9' });
  await next(page);
  await answer(page, { radio: 'Yes' });
  await next(page);
  await answer(page, { radio: 'About right' });
  await next(page);
  await next(page); // nothing to change

  // The reset connection is the one failed request expected here.
  await j.allow(/ERR_CONNECTION_RESET/, async () => {
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByTestId('status').filter({ hasText: /^Sent$/ }).waitFor();
  });
  assert.equal(dropped, 1);
  assert.equal((await api.client('River')).response_count, before + 1, 'one row, not two');
});

env.journey('c) the same check-in open in two tabs keeps one id', async (j) => {
  const { context, page: first } = await signedInPhone(j, 'Alex');
  const second = await context.newPage();
  await Promise.all([first.goto(`${env.server.base}/c/gad-7`), second.goto(`${env.server.base}/c/gad-7`)]);
  await first.getByText('Question 1 of 8').waitFor();
  await second.getByText('Question 1 of 8').waitFor();
  await answer(first, { radio: 'Several days' });
  // The other tab follows: same answers, same id.
  await second.getByRole('radio', { name: 'Several days' }).waitFor();
  await second.waitForFunction(() => document.querySelector('input[value="1"]')?.checked);
  const ids = await Promise.all([first, second].map((p) => p.locator('form').getAttribute('data-draft-id')));
  assert.equal(ids[0], ids[1]);
  const stored = (await storedDraft(first, 'gad-7')).id;
  assert.equal(stored, ids[0]);
});

env.journey('i) a GAD-7 half answered before version 2 came keeps its answers and its id', async (j) => {
  const { page } = await signedInPhone(j, 'Alex');
  // What the phone saved while GAD-7 was version 1 (seven questions).
  const id = '66666666-6666-4666-8666-666666666666';
  // Written under the key the phone used before drafts were filed by client: moved, kept.
  await page.evaluate((id) => {
    const now = Date.now();
    localStorage.setItem('ajar.draft.gad-7', JSON.stringify({ schema: 1, id, instrument: 'gad-7', version: 1,
      answers: { 'gad7-1': 2 }, step: 0, started_at_ms: now, updated_at_ms: now }));
  }, id);
  await page.goto(`${env.server.base}/c/gad-7`);
  await page.getByText('Question 1 of 8').waitFor();
  await page.waitForFunction(() => document.querySelector('input[value="2"]')?.checked);
  assert.equal(await page.locator('form').getAttribute('data-draft-id'), id);
  const stored = await storedDraft(page, 'gad-7');
  assert.equal(stored.id, id);
  assert.deepEqual(stored.answers, { 'gad7-1': 2 });
});

env.journey('j) a session check-in half answered in version 1 is finished as begun, not replaced', async (j) => {
  const { page } = await j.page(PHONE);
  await page.goto(env.server.links.River);
  await loaded(page.getByRole('heading', { name: 'Your check-ins with Sam Rivera' }));
  // Version 1's questions do not mean the same in version 2: the draft cannot carry over.
  const id = '77777777-7777-4777-8777-777777777777';
  await page.evaluate((id) => {
    const now = Date.now();
    localStorage.setItem('ajar.draft.ajar-session', JSON.stringify({ schema: 1, id, instrument: 'ajar-session',
      version: 1, answers: { heard: 7 }, step: 0, started_at_ms: now, updated_at_ms: now }));
  }, id);
  await page.goto(`${env.server.base}/c/ajar-session`);
  await page.getByText('Question 1 of 6').waitFor();
  const group = page.getByRole('group', { name: 'I felt heard and understood.' });
  assert.equal(await group.getByRole('radio', { name: '7', exact: true }).isChecked(), true);
  assert.equal(await page.locator('form').getAttribute('data-draft-id'), id);
  assert.equal((await storedDraft(page, 'ajar-session')).version, 1);
});

env.journey('e) PHQ-9 item 9 above 0 while offline shows the practice crisis text at once', async (j) => {
  const practice = 'If you are in danger, call 111 or text HELP to 4357. We are not watching answers around the clock.';
  await (await j.api()).setCrisisText(practice);
  const { context, page } = await signedInPhone(j, 'Alex');
  await page.getByRole('link', { name: /: PHQ-9$/ }).click();
  await page.getByText('Question 1 of 10').waitFor();
  await j.allow(NO_NETWORK, async () => {
    await context.setOffline(true);
    for (let i = 0; i < 8; i++) {
      await answer(page, { radio: 'Not at all' });
      await next(page);
    }
    assert.equal(await page.getByTestId('crisis').count(), 0);
    await answer(page, { radio: 'Several days' });
    const crisis = page.getByTestId('crisis');
    await crisis.waitFor();
    // The practice's own text, kept on the phone when the home loaded online.
    await crisis.getByText(practice).waitFor();
    await crisis.getByText(/not watched around the clock/).waitFor();
    // Its numbers call when tapped.
    assert.equal(await crisis.getByRole('link', { name: '111', exact: true }).getAttribute('href'), 'tel:111');
    assert.equal(await crisis.getByRole('link', { name: '4357', exact: true }).getAttribute('href'), 'tel:4357');
    assert.deepEqual(await axeViolations(page), []);
    await shot(page, '11-phq9-crisis-offline');
  });
});

env.journey('d) a link opened once opens again with the server gone', async (j) => {
  const { context, page } = await signedInPhone(j, 'River');
  await page.close();
  await env.server.stop();
  try {
    // The server is gone: the app's calls to it are refused, and it says it is offline.
    await j.allow(/ERR_CONNECTION_REFUSED/, async () => {
      const again = await context.newPage();
      await again.goto(`${env.server.base}/c`);
      await again.getByRole('heading', { name: 'Your check-ins' }).waitFor();
      await again.getByText("You're offline. You can still answer").waitFor();
      // It shows what it last saw, and says when: what was sent, and what is due when.
      await again.getByTestId('offline-notice').getByText(/as of \d+ [A-Z][a-z]{2}.*, \d\d:\d\d, the last time this phone was online\./).waitFor();
      await again.getByRole('heading', { name: 'Your check-ins with Sam Rivera' }).waitFor();
      assert.ok((await again.getByTestId('sent-list').locator('li').count()) > 5, 'not "Nothing sent yet"');
      await again.getByText(/^Next due \d+ [A-Z][a-z]{2}, but you can answer any time$/).first().waitFor();
      await shot(again, '12-home-offline-as-of');
      await again.getByRole('link', { name: 'Start: Session check-in' }).click();
      await again.getByText('Question 1 of 5').waitFor();
      await shot(again, '12-opened-offline-check-in');
      await again.close();
    });
  } finally {
    env.server = await startServer({ port: env.server.port, data: env.server.data });
  }
});

env.journey('h) a phone whose storage refuses says so, and never that it saved', async (j) => {
  const { context, page } = await j.page(PHONE);
  // Storage full or switched off: every write throws, as Chromium's does over its quota.
  await context.addInitScript(() => {
    Storage.prototype.setItem = function setItem() {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  });
  await page.goto(env.server.links.River);
  await loaded(page.getByRole('heading', { name: 'Your check-ins with Sam Rivera' }));
  const status = page.getByTestId('draft-status');

  await page.getByRole('link', { name: 'Start: Session check-in' }).click();
  await page.getByText('Question 1 of 5').waitFor();
  await answer(page, { radio: '7' });
  // Whatever the status says once it says something, it must not be that it saved.
  await status.filter({ hasText: /\S/ }).waitFor();
  assert.doesNotMatch(await status.textContent(), /Saved on this phone/, 'a check-in it could not save');
  assert.match(await status.textContent(), new RegExp(`^${NOT_SAVED}`));
  assert.equal(await storedDraft(page, 'ajar-session'), null);
  await shot(page, '13-storage-refused');

  await page.getByRole('link', { name: 'Back to your check-ins' }).click();
  await page.getByRole('link', { name: 'Talk about ending' }).click();
  await page.getByRole('radio', { name: 'A break, and to check back later' }).check();
  await status.filter({ hasText: /\S/ }).waitFor();
  assert.doesNotMatch(await status.textContent(), /Saved on this phone/, 'a request it could not save');
  assert.match(await status.textContent(), new RegExp(`^${NOT_SAVED}`));
});

env.journey('g) "Forget this phone" with no signal still signs the phone out once it is back online', async (j) => {
  const { context, page } = await signedInPhone(j, 'Alex');
  // The phone's session cookie, replayed below as someone who copied it would. It works now,
  // so the 401 at the end is the server's doing and not a broken replay.
  const session = (await context.cookies()).find((c) => c.name === '__Host-ajar_client');
  const replay = async () => (await fetch(`${env.server.base}/api/v1/client/home`, {
    headers: { cookie: `${session.name}=${session.value}` },
  })).status;
  assert.equal(await replay(), 200, 'the cookie opens the home before forgetting');

  // The sign-out tried with no signal is the one failed request expected here.
  await j.allow(NO_NETWORK, async () => {
    await context.setOffline(true);
    const signOutFailed = page.waitForEvent('requestfailed', (r) => r.url().endsWith('/api/v1/client/session'));
    await page.getByRole('button', { name: 'Forget this phone' }).click();
    await page.getByRole('button', { name: 'Yes, forget this phone' }).click();
    await page.getByRole('status').filter({ hasText: 'This phone has forgotten everything.' }).waitFor();
    await signOutFailed;
  });

  // Someone else picks the phone up later, with signal: nothing of Alex's opens.
  await context.setOffline(false);
  await j.expectStatus(401, /^\/api\/v1\/client\/(home|session)$/, async () => {
    await page.goto(`${env.server.base}/c`);
    await page.getByRole('alert').filter({ hasText: 'This phone is not signed in.' }).waitFor();
  });
  assert.equal(await page.getByText('Your check-ins with Sam Rivera').count(), 0);
  // The message above would also show if the phone had only dropped its cookie: the server
  // must have ended the session itself.
  assert.equal(await replay(), 401, 'the old session cookie still opens the client\'s home');
});
