// The walking skeleton's journey, in a real Chromium at phone size:
// client link → session check-in → server → therapist's caseload.
import assert from 'node:assert/strict';
import { serverAndBrowser, loaded, shot, axeViolations, answer, next, PHONE } from './harness.mjs';

const env = serverAndBrowser();
/**
 * Opens the therapist's dashboard signed out (`open`): its three reads are refused and it
 * goes to the sign-in page. The step lasts until all three refusals have come, since the
 * page moves on after the first one.
 */
async function dashboardSignedOut(j, page, open) {
  const reads = ['caseload', 'crisis-text', 'door-open'];
  await j.expectStatus(401, new RegExp(`^/api/v1/therapist/(${reads.join('|')})$`), async () => {
    const refused = reads.map((read) => page.waitForResponse((r) => r.url().endsWith(`/api/v1/therapist/${read}`) && r.status() === 401));
    await open();
    await Promise.all(refused);
    await page.getByRole('heading', { name: 'Therapist sign-in' }).waitFor();
  });
}

env.journey('a client sends a session check-in from their link and the therapist sees it', async (j) => {
  const { context: client, page: phone } = await j.page(PHONE);

  await phone.goto(env.server.links.River);
  await loaded(phone.getByRole('heading', { name: 'Your check-ins with Sam Rivera' }));
  // The token has been traded for a cookie and is gone from the address bar.
  assert.equal(new URL(phone.url()).hash, '');
  assert.equal(new URL(phone.url()).pathname, '/c');
  const session = (await client.cookies()).find((c) => c.name === '__Host-ajar_client');
  assert.ok(session, 'client session cookie set');
  assert.equal(session.httpOnly, true);
  assert.equal(session.sameSite, 'Strict');
  assert.equal(session.secure, true);
  assert.deepEqual(await axeViolations(phone), []);
  await shot(phone, '01-client-home');

  await phone.getByRole('link', { name: 'Start: Session check-in' }).click();
  await phone.getByText('Question 1 of 5').waitFor();
  // No answer is pre-selected; the scale has 11 labelled choices.
  const group = phone.getByRole('group', { name: 'How understood did you feel today?' });
  assert.equal(await group.getByRole('radio').count(), 11);
  assert.equal(await group.getByRole('radio', { checked: true }).count(), 0);
  await group.getByRole('radio', { name: '0, Not at all' }).waitFor();
  await group.getByRole('radio', { name: '10, Completely' }).waitFor();
  assert.deepEqual(await axeViolations(phone), []);
  await shot(phone, '02-session-question-1');

  // Next without an answer says what is needed, and stays.
  await phone.getByRole('button', { name: 'Next' }).click();
  await phone.getByRole('alert').filter({ hasText: 'Please choose an answer to go on.' }).waitFor();
  await phone.getByText('Question 1 of 5').waitFor();

  await answer(phone, { radio: '6' });
  await phone.getByTestId('draft-status').filter({ hasText: 'Saved on this phone' }).waitFor();
  await next(phone);
  // The new question has the focus, so a screen reader reads it out.
  await phone.waitForFunction(() => document.activeElement?.classList.contains('question'));
  assert.match(await phone.evaluate(() => document.activeElement.textContent), /Did today's time go on what matters most to you right now\?/);
  await answer(phone, { radio: 'Partly' });
  await next(phone);
  await answer(phone, { radio: 'About right' });
  assert.deepEqual(await axeViolations(phone), []);
  await next(phone);
  await phone.getByText('Question 4 of 5').waitFor();
  await answer(phone, { text: 'More time for the last topic.' });
  await next(phone);
  await phone.getByText('Question 5 of 5').waitFor();
  await answer(phone, { text: 'Felt rushed at the end today.' });
  await shot(phone, '03-session-note');
  await phone.getByRole('button', { name: 'Send' }).click();

  await phone.waitForURL(/\/c$/);
  await phone.getByTestId('status').filter({ hasText: /^Sent$/ }).waitFor();
  await phone.getByTestId('sent').waitFor();
  await phone.getByTestId('sent-list').getByText(/^Session check-in · /).first().waitFor();
  await shot(phone, '04-client-sent');

  const { page: therapist } = await j.page(PHONE);
  await dashboardSignedOut(j, therapist, () => therapist.goto(`${env.server.base}/t`));
  await therapist.waitForURL(/\/t\/sign-in$/);
  assert.deepEqual(await axeViolations(therapist), []);
  await therapist.getByLabel('Email').fill(env.server.email);
  await therapist.getByLabel('Password').fill('not the password');
  await j.expectStatus(401, /^\/api\/v1\/therapist\/session$/, async () => {
    await therapist.getByRole('button', { name: 'Sign in' }).click();
    await therapist.getByRole('alert').filter({ hasText: 'That email and password do not match an account.' }).waitFor();
  });
  await therapist.getByLabel('Password').fill(env.server.password);
  await therapist.getByRole('button', { name: 'Sign in' }).click();
  await therapist.waitForURL(/\/t$/);
  await loaded(therapist.getByTestId('caseload'));

  const river = therapist.getByTestId('client-row').filter({ has: therapist.getByRole('heading', { name: 'River' }) });
  await river.getByText('Felt rushed at the end today.').waitFor();
  await river.getByLabel('How understood did you feel today? 6 out of 10').waitFor();
  await river.getByText('On what matters: Partly · Pace: About right').waitFor();
  await river.getByText('Change next time: More time for the last topic.').waitFor();
  await river.getByText(/^13 check-ins/).waitFor(); // twelve seeded + this one, stored once
  assert.equal(await therapist.getByTestId('client-row').count(), 3);
  assert.deepEqual(await axeViolations(therapist), []);
  await shot(therapist, '05-therapist-caseload');

  // Signing out ends the session on the server: the caseload is no longer readable.
  await therapist.getByRole('button', { name: 'Sign out' }).click();
  await therapist.waitForURL(/\/t\/sign-in$/);
  const afterOut = await therapist.request.get(`${env.server.base}/api/v1/therapist/caseload`);
  assert.equal(afterOut.status(), 401);
});

env.journey('a link that does not work says so plainly', async (j) => {
  const { page } = await j.page(PHONE);
  await j.expectStatus(404, /^\/api\/v1\/client\/session$/, async () => {
    await page.goto(`${env.server.base}/c#t=${'A'.repeat(43)}`);
    await page.getByRole('alert').filter({ hasText: 'This link does not work any more. Please ask your therapist for a new one.' }).waitFor();
  });
  await shot(page, '06-client-bad-link');
});

env.journey('the app runs under a Content-Security-Policy that refuses inline script', async (j) => {
  const { page } = await j.page(PHONE);
  const response = await page.goto(`${env.server.base}/`);
  const csp = response.headers()['content-security-policy'];
  // One hash per bundle's bootstrap: the client's and the therapist's.
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'( 'sha256-[A-Za-z0-9+/=]+'){2};/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  await page.getByRole('heading', { name: 'Ajar' }).waitFor();
  assert.deepEqual(j.problems, [], 'the app itself breaks no rule of the policy');

  // An injected inline script is refused, and the refusal is the kind of console error
  // every journey fails on: outside this step, the watcher would report it.
  await j.expectConsole(/Content Security Policy/, async () => {
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.injected = true;';
      document.head.appendChild(s);
    });
    await page.waitForTimeout(100);
  });
  assert.equal(await page.evaluate(() => window.injected), undefined);
});

env.journey('a phone downloads only the client bundle; the landing page leads to the therapist app', async (j) => {
  const { context, page } = await j.page(PHONE);
  // The context sees the service worker's own fetches (its install, its cache fills), which
  // page.on('request') never does; Playwright marks them with request.serviceWorker().
  const fetched = [];
  const byWorker = [];
  context.on('request', (r) => (r.serviceWorker() ? byWorker : fetched).push(new URL(r.url()).pathname));
  await page.goto(env.server.links.Jo);
  await loaded(page.getByRole('heading', { name: 'Your check-ins with Sam Rivera' }));
  await page.evaluate(() => navigator.serviceWorker.ready);
  assert.ok(fetched.some((p) => /^\/ajar-client-[0-9a-f]+_bg\.wasm$/.test(p)), fetched.join(' '));
  assert.deepEqual(fetched.filter((p) => p.includes('therapist')), [], 'nothing of the therapist app');

  // In-app links move between pages without loading the app again, and without adding
  // to the phone's history: "Leave quickly" must leave nothing of Ajar behind Back.
  const loads = () => fetched.filter((p) => p.endsWith('.wasm')).length;
  const entries = await page.evaluate(() => history.length);
  await page.getByRole('link', { name: 'Start: Session check-in' }).click();
  await page.getByText('Question 1 of 5').waitFor();
  assert.equal(new URL(page.url()).pathname, '/c/ajar-session');
  assert.equal(await page.title(), 'Session check-in · Ajar');
  assert.equal(await page.evaluate(() => history.length), entries, 'no history entry added');
  await page.getByRole('link', { name: 'Back to your check-ins' }).click();
  await page.getByRole('heading', { name: 'Your check-ins with Sam Rivera' }).waitFor();
  assert.equal(loads(), 1, 'one load of the app for all of it');

  await page.goto(`${env.server.base}/`);
  await dashboardSignedOut(j, page, () => page.getByRole('link', { name: 'Sign in' }).click());
  assert.ok(fetched.some((p) => /^\/therapist\/ajar-therapist-[0-9a-f]+_bg\.wasm$/.test(p)));

  // An address the therapist's app does not know leads back to the start page.
  await page.goto(`${env.server.base}/t/nowhere`);
  await page.getByRole('heading', { name: 'Page not found' }).waitFor();
  await page.getByRole('link', { name: 'Go to the start page' }).click();
  await page.getByRole('heading', { name: 'Are you a therapist?' }).waitFor();

  // The phone opened the therapist's app above, yet its service worker fetched nothing of
  // it: that app is never kept on a phone. (At least one fetch of the worker was seen, so
  // this cannot pass by seeing none.)
  assert.ok(byWorker.length > 0, 'the service worker was seen fetching the app shell');
  assert.deepEqual(byWorker.filter((p) => /^\/(t|therapist)(\/|$)/.test(p)), [], `the worker fetched: ${byWorker.join(' ')}`);
});
