// One phone, two clients, and two tabs, in a real Chromium at phone size: answers
// written with one client's link are never sent with another's (they wait, and the
// client is told), and two tabs sending at once lose nothing and store nothing twice.
import assert from 'node:assert/strict';
import { serverAndBrowser, loaded, shot, axeViolations, answer, next, PHONE } from './harness.mjs';

const env = serverAndBrowser();
const NO_NETWORK = /ERR_INTERNET_DISCONNECTED|ERR_FAILED/;
const HOME = 'Your check-ins with Sam Rivera';

/** A GAD-7, answered (first option throughout) and sent. */
async function sendGad7(page) {
  await page.goto(`${env.server.base}/c/gad-7`);
  await page.getByText('Question 1 of 8').waitFor();
  for (let step = 1; step <= 8; step++) {
    await page.locator('input[type=radio]').first().check();
    if (step < 8) await next(page);
  }
  await page.getByRole('button', { name: 'Send' }).click();
  await page.waitForURL(/\/c$/);
}

/** The weekly check-in, answered and sent (it then waits in the outbox if it must). */
async function sendWeekly(page, since) {
  await page.getByRole('link', { name: /^(Start|Continue): Weekly check-in/ }).click();
  await page.getByText('Question 1 of 4').waitFor();
  await answer(page, { radio: since });
  await next(page);
  await answer(page, { radio: 'Not sure' });
  await next(page);
  await next(page);
  await answer(page, { radio: 'Keep going as we are' });
  await page.getByRole('button', { name: 'Send' }).click();
  await page.waitForURL(/\/c$/);
}

env.journey('k) answers written with one link are never sent with another client\'s link', async (j) => {
  const api = await j.api();
  const jo = (await api.client('Jo')).response_count;
  const river = (await api.client('River')).response_count;
  const { context, page } = await j.page(PHONE);
  await page.goto(env.server.links.Jo);
  await loaded(page.getByRole('heading', { name: HOME }));

  // Jo's answer cannot get through (the network drops it) and waits on the phone.
  await context.route('**/api/v1/client/responses', (route) => route.abort('failed'));
  await j.allow(NO_NETWORK, async () => {
    await sendWeekly(page, '3');
    await page.getByTestId('status').filter({ hasText: 'Waiting for a connection — 1 check-in will be sent' }).waitFor();

    // Now River opens their own link on the same phone (a fresh load, as from a
    // message), and the network is back.
    await page.goto('about:blank');
    await page.goto(env.server.links.River);
    await loaded(page.getByRole('heading', { name: HOME }));
  });
  await context.unroute('**/api/v1/client/responses');
  const notice = page.getByTestId('other-link');
  await notice.getByText(/^This phone also holds 1 answer written with a different personal link\. They have not been sent, and they will not be sent with this link\./).waitFor();
  assert.deepEqual(await axeViolations(page), []);
  await shot(page, '14-other-link-waiting');
  // Given every chance to go, Jo's answer does not go under River.
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
  await page.waitForTimeout(2500);
  assert.equal((await api.client('River')).response_count, river, 'nothing of Jo\'s filed under River');
  assert.equal((await api.client('Jo')).response_count, jo, 'and not sent at all yet');

  // River's own answer goes, under River.
  await sendGad7(page);
  await page.getByTestId('status').filter({ hasText: /^Sent$/ }).waitFor();
  assert.equal((await api.client('River')).response_count, river + 1);

  // Jo opens Jo's link again: Jo's answer goes, once, under Jo.
  await page.goto('about:blank');
  await page.goto(env.server.links.Jo);
  await loaded(page.getByRole('heading', { name: HOME }));
  await page.getByTestId('sent-list').waitFor();
  for (let i = 0; i < 50 && (await api.client('Jo')).response_count === jo; i++) await page.waitForTimeout(100);
  const after = await api.client('Jo');
  assert.equal(after.response_count, jo + 1);
  assert.equal(after.latest.find((r) => r.instrument === 'ajar-between').answers.since, 3);
  assert.equal((await api.client('River')).response_count, river + 1);
  await page.getByTestId('other-link').waitFor({ state: 'hidden' }).catch(() => {});
});

env.journey('l) two tabs sending at once lose nothing and store nothing twice', async (j) => {
  const api = await j.api();
  const before = (await api.client('Alex')).response_count;
  const { context, page: first } = await j.page(PHONE);
  await first.goto(env.server.links.Alex);
  await loaded(first.getByRole('heading', { name: HOME }));
  const second = await context.newPage();
  await second.goto(`${env.server.base}/c`);
  await loaded(second.getByRole('heading', { name: HOME }));

  await j.allow(NO_NETWORK, async () => {
    // Offline, each tab finishes a different check-in; both press Send together.
    await context.setOffline(true);
    await first.getByRole('link', { name: /^(Start|Continue): Weekly check-in/ }).click();
    await first.getByText('Question 1 of 4').waitFor();
    await answer(first, { radio: '5' });
    await next(first);
    await answer(first, { radio: 'Not sure' });
    await next(first);
    await next(first);
    await answer(first, { radio: 'Keep going as we are' });

    await second.goto(`${env.server.base}/c/gad-7`);
    await second.getByText('Question 1 of 8').waitFor();
    for (let step = 1; step <= 8; step++) {
      await second.locator('input[type=radio]').first().check();
      if (step < 8) await next(second);
    }
    await Promise.all([
      first.getByRole('button', { name: 'Send' }).click(),
      second.getByRole('button', { name: 'Send' }).click(),
    ]);
    await first.waitForURL(/\/c$/);
    await second.waitForURL(/\/c$/);
    const outbox = await first.evaluate(() => {
      const key = Object.keys(localStorage).find((k) => k.endsWith('.outbox'));
      return JSON.parse(localStorage.getItem(key)).items.length;
    });
    assert.equal(outbox, 2, 'both check-ins are in the one outbox');
    await context.setOffline(false);
  });
  await first.evaluate(() => window.dispatchEvent(new Event('online')));
  await second.evaluate(() => window.dispatchEvent(new Event('online')));
  for (let i = 0; i < 100 && (await api.client('Alex')).response_count < before + 2; i++) await first.waitForTimeout(100);
  await first.waitForTimeout(1500);
  assert.equal((await api.client('Alex')).response_count, before + 2, 'each stored once');
});

env.journey('m) "Leave quickly" blanks the page for a neutral one, with nothing of Ajar behind Back', async (j) => {
  const { context, page } = await j.page(PHONE);
  // The neutral site, as the test network has no internet.
  await context.route('https://www.bbc.com/**', (route) => route.fulfill({ contentType: 'text/html', body: '<title>Weather</title><h1>Weather</h1>' }));
  await page.goto('about:blank');
  await page.goto(env.server.links.Jo);
  await loaded(page.getByRole('heading', { name: HOME }));
  assert.equal(await page.title(), 'Your check-ins · Ajar');
  await page.getByRole('link', { name: /^(Start|Continue): Weekly check-in/ }).click();
  await page.getByText('Question 1 of 4').waitFor();
  await answer(page, { radio: '4' });
  await shot(page, '15-leave-quickly-button');
  await page.getByRole('button', { name: 'Leave quickly' }).click();
  await page.waitForURL('https://www.bbc.com/weather');
  await page.getByRole('heading', { name: 'Weather' }).waitFor();
  await page.goBack();
  await page.waitForLoadState();
  assert.ok(!page.url().startsWith(env.server.base), `Back leads away from Ajar: ${page.url()}`);
  // The answer is still on the phone for when the client comes back.
  await page.goto(`${env.server.base}/c/ajar-between`);
  await page.getByText('Question 1 of 4').waitFor();
  assert.equal(await page.getByRole('radio', { name: '4', exact: true }).isChecked(), true);
});

env.journey('n) "Forget this phone" stays open while the connection comes back, and its Yes works', async (j) => {
  const { context, page } = await j.page(PHONE);
  await page.goto(env.server.links.Alex);
  await loaded(page.getByRole('heading', { name: HOME }));
  await page.evaluate(() => navigator.serviceWorker.ready);
  await j.allow(NO_NETWORK, async () => {
    await context.setOffline(true);
    await page.reload();
    await page.getByTestId('offline-notice').waitFor();
    await page.getByRole('button', { name: 'Forget this phone' }).click();
    await page.getByRole('button', { name: 'Yes, forget this phone' }).waitFor();
    // The signal returns: the app reconnects and reads the home again underneath.
    await context.setOffline(false);
    await page.getByTestId('offline-notice').waitFor({ state: 'hidden' });
  });
  await page.getByRole('button', { name: 'Yes, forget this phone' }).click();
  await page.getByText('This phone has forgotten everything.').waitFor();
  assert.deepEqual(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('ajar.') && k !== 'ajar.sign-out-pending')), []);
});

env.journey('o) a check-in the server refused comes back with its reason, after a reload too, and goes once fixed', async (j) => {
  const api = await j.api();
  const before = (await api.client('Jo')).response_count;
  const { context, page } = await j.page(PHONE);
  await page.goto(env.server.links.Jo);
  await loaded(page.getByRole('heading', { name: HOME }));
  const why = 'Question 3 needs one of the answers offered.';
  await context.route('**/api/v1/client/responses', (route) =>
    route.fulfill({ status: 422, contentType: 'application/json', body: JSON.stringify({ error: why }) }));
  await j.expectStatus(422, /^\/api\/v1\/client\/responses$/, async () => {
    await sendGad7(page);
    await page.getByText(why).first().waitFor();
  });
  await context.unroute('**/api/v1/client/responses');
  // A reload forgets what the page said; the draft still says why, until it is sent.
  await page.reload();
  await loaded(page.getByRole('heading', { name: HOME }));
  await page.goto(`${env.server.base}/c/gad-7`);
  const notice = page.getByTestId('refused');
  await notice.waitFor();
  assert.match(await notice.innerText(), new RegExp(`not accepted: ${why}`));
  assert.deepEqual(await axeViolations(page), []);
  await shot(page, '71-client-refused-after-reload');
  // The answers are all there: checked from the first question, they go as they are.
  await page.getByText('Question 1 of 8').waitFor();
  for (let step = 1; step < 8; step++) await next(page);
  await page.getByRole('button', { name: 'Send' }).click();
  await page.waitForURL(/\/c$/);
  await page.getByText('Sent', { exact: true }).first().waitFor();
  assert.equal((await api.client('Jo')).response_count, before + 1);
});

env.journey('p) a phone whose link was renewed says so, keeps its unsent answers, and sends them with the new link', async (j) => {
  const api = await j.api();
  const pat = await api.addClient('P.R.');
  const { context, page } = await j.page(PHONE);
  await page.goto(pat.link);
  await loaded(page.getByRole('heading', { name: HOME }));
  let renewed;
  // Offline, then back online after the link changed: the phone's tries are refused
  // (401) until it is given the new link.
  await j.allow(/ERR_INTERNET_DISCONNECTED|ERR_FAILED|401/, async () => {
    await context.setOffline(true);
    await sendWeekly(page, '6');
    renewed = await api.renewLink(pat.client_id);
    await context.setOffline(false);
    await page.reload();
    await page.getByText('Your therapist has changed your personal link').waitFor();
  });
  assert.match(await page.locator('body').innerText(), /still kept on this phone/);
  await shot(page, '72-client-link-changed');
  // The new link, pasted into the same tab (only the address's #fragment changes).
  await page.goto(renewed);
  await loaded(page.getByRole('heading', { name: HOME }));
  await page.getByText('Sent', { exact: true }).first().waitFor();
  assert.equal((await api.detail(pat.client_id)).history.length, 1, 'the answer written before the change arrived once');
});

env.journey('q) a tab left open on one client\'s page sends nothing after a second tab opens another client\'s link', async (j) => {
  const api = await j.api();
  const jo = (await api.client('Jo')).response_count;
  const alex = (await api.client('Alex')).response_count;
  const { context, page: first } = await j.page(PHONE);
  await first.goto(env.server.links.Jo);
  await loaded(first.getByRole('heading', { name: HOME }));
  // Jo's answer cannot get through yet and waits in the phone's outbox.
  await context.route('**/api/v1/client/responses', (route) => route.abort('failed'));
  await j.allow(NO_NETWORK, async () => {
    await sendGad7(first);
    await first.getByTestId('status').filter({ hasText: /^Waiting for a connection/ }).waitFor();
  });
  // Alex opens Alex's link in a second tab: the phone's session is now Alex's, and the
  // first tab, still on Jo's page, does not know.
  const second = await context.newPage();
  await second.goto(env.server.links.Alex);
  await loaded(second.getByRole('heading', { name: HOME }));
  await context.unroute('**/api/v1/client/responses');
  // The first tab is given every chance to send what it holds: the server refuses it
  // (409, written for another client), and the tab says why and keeps it.
  await j.expectStatus(409, /^\/api\/v1\/client\/responses$/, async () => {
    await first.evaluate(() => window.dispatchEvent(new Event('online')));
    await first.getByTestId('status').filter({ hasText: /^A different personal link was opened on this phone/ }).waitFor();
  });
  await first.evaluate(() => window.dispatchEvent(new Event('online')));
  await first.waitForTimeout(2000);
  assert.deepEqual(await axeViolations(first), []);
  await shot(first, '73-client-other-link-opened-in-another-tab');
  assert.equal((await api.client('Alex')).response_count, alex, 'nothing of Jo\'s filed under Alex');
  assert.equal((await api.client('Jo')).response_count, jo, 'and not sent with Alex\'s session at all');
  // Jo opens Jo's link again in that first tab: Jo's answer goes, once, under Jo.
  await first.goto('about:blank');
  await first.goto(env.server.links.Jo);
  await loaded(first.getByRole('heading', { name: HOME }));
  for (let i = 0; i < 50 && (await api.client('Jo')).response_count === jo; i++) await first.waitForTimeout(100);
  assert.equal((await api.client('Jo')).response_count, jo + 1);
  assert.equal((await api.client('Alex')).response_count, alex);
});
