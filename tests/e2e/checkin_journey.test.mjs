// The walking skeleton's journey, in a real Chromium at phone size:
// client link → check-in → server → therapist's caseload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, watchConsole, shot, axeViolations, PHONE } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('a client sends a check-in from their link and the therapist sees it', async () => {
  const problems = [];
  const client = await browser.newContext(PHONE);
  const phone = await client.newPage();
  watchConsole(phone, problems);

  await phone.goto(server.links.River);
  await phone.getByRole('heading', { name: 'Your check-in with Sam Rivera' }).waitFor();
  // The token has been traded for a cookie and is gone from the address bar.
  assert.equal(new URL(phone.url()).hash, '');
  assert.equal(new URL(phone.url()).pathname, '/c');
  const cookies = await client.cookies();
  const session = cookies.find((c) => c.name === 'ajar_client');
  assert.ok(session, 'client session cookie set');
  assert.equal(session.httpOnly, true);
  assert.equal(session.sameSite, 'Strict');

  // No answer is pre-selected; the scale has 11 labelled choices.
  const group = phone.getByRole('group', { name: 'Is this working for you?' });
  assert.equal(await group.getByRole('radio').count(), 11);
  assert.equal(await group.getByRole('radio', { checked: true }).count(), 0);
  await group.getByRole('radio', { name: '0, Not at all' }).waitFor();
  await group.getByRole('radio', { name: '10, Completely' }).waitFor();
  assert.deepEqual(await axeViolations(phone), []);
  await shot(phone, '01-client-checkin-empty');

  // Sending with no rating says what is missing, and sends nothing.
  await phone.getByRole('button', { name: 'Send' }).click();
  await phone.getByRole('alert').filter({ hasText: 'Please choose a number from 0 to 10 first.' }).waitFor();

  await group.getByRole('radio', { name: '6', exact: true }).check();
  await phone.getByLabel("Anything you'd like me to know?").fill('Felt rushed at the end today.');
  await phone.getByTestId('status').filter({ hasText: 'Saved on this phone' }).waitFor();
  await shot(phone, '02-client-checkin-filled');
  await phone.getByRole('button', { name: 'Send' }).click();
  await phone.getByTestId('status').filter({ hasText: /^Sent$/ }).waitFor();
  await phone.getByTestId('sent').waitFor();
  await phone.getByText(/Last check-in sent .*: 6 out of 10\./).waitFor();
  await shot(phone, '03-client-checkin-sent');

  // The form is hidden until the client chooses to answer again; then it is fresh.
  assert.equal(await phone.getByRole('button', { name: 'Send' }).count(), 0);
  await phone.getByRole('button', { name: 'Answer again' }).click();
  assert.equal(await phone.getByRole('radio', { checked: true }).count(), 0);
  assert.equal(await phone.getByLabel("Anything you'd like me to know?").inputValue(), '');

  // After a reload the phone is still signed in and the form is fresh (a new draft).
  await phone.reload();
  await phone.getByText(/Last check-in sent .*: 6 out of 10\./).waitFor();
  assert.equal(await phone.getByRole('radio', { checked: true }).count(), 0);

  const office = await browser.newContext(PHONE);
  const therapist = await office.newPage();
  watchConsole(therapist, problems);
  await therapist.goto(`${server.base}/t`);
  await therapist.waitForURL(/\/t\/sign-in$/);
  assert.deepEqual(await axeViolations(therapist), []);
  await therapist.getByLabel('Email').fill(server.email);
  await therapist.getByLabel('Password').fill('not the password');
  await therapist.getByRole('button', { name: 'Sign in' }).click();
  await therapist.getByRole('alert').filter({ hasText: 'That email and password do not match an account.' }).waitFor();
  await therapist.getByLabel('Password').fill(server.password);
  await therapist.getByRole('button', { name: 'Sign in' }).click();
  await therapist.waitForURL(/\/t$/);

  const river = therapist.getByTestId('client-row').filter({ has: therapist.getByRole('heading', { name: 'River' }) });
  await river.getByText('Felt rushed at the end today.').waitFor();
  await river.getByLabel('Latest rating 6 out of 10').waitFor();
  await river.getByText('6 check-ins').waitFor(); // five seeded + this one, stored once
  assert.equal(await therapist.getByTestId('client-row').count(), 3);
  assert.deepEqual(await axeViolations(therapist), []);
  await shot(therapist, '04-therapist-caseload');

  // Signing out ends the session on the server: the caseload is no longer readable.
  await therapist.getByRole('button', { name: 'Sign out' }).click();
  await therapist.waitForURL(/\/t\/sign-in$/);
  const after = await therapist.request.get(`${server.base}/api/v1/therapist/caseload`);
  assert.equal(after.status(), 401);

  assert.deepEqual(problems, []);
  await client.close();
  await office.close();
});

test('a link that does not work says so plainly', async () => {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  await page.goto(`${server.base}/c#t=${'A'.repeat(43)}`);
  await page.getByRole('alert').filter({ hasText: 'This link does not work any more. Please ask your therapist for a new one.' }).waitFor();
  await shot(page, '05-client-bad-link');
  await context.close();
});
