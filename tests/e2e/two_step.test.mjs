// Two-step sign-in as a therapist meets it: the caseload suggests it, the account page
// sets it up with a QR code and a code from the app, shows the recovery codes once, and
// every later sign-in asks for a fresh code (a used one, or a wrong one, is refused).
import assert from 'node:assert/strict';
import { serverAndBrowser, signInTherapist, loaded, shot, axeViolations, totpCode, LAPTOP, PHONE } from './harness.mjs';

const env = serverAndBrowser();

env.journey('two-step sign-in: set up from the account page, then asked at every sign-in', async (j) => {
  const { page } = await j.page(LAPTOP);
  await signInTherapist(page, env.server);
  const prompt = page.getByTestId('two-step-prompt');
  await prompt.waitFor();
  await prompt.getByRole('link', { name: 'set up two-step sign-in' }).click();
  await page.getByRole('heading', { name: 'Your account' }).waitFor();
  await page.getByRole('button', { name: 'Set up two-step sign-in' }).click();
  await page.getByRole('img', { name: 'QR code of the key for your authenticator app' }).waitFor();
  const key = (await page.locator('code.key').innerText()).trim();
  assert.match(key, /^[A-Z2-7]{32}$/, 'a 160-bit key in base32');
  assert.deepEqual(await axeViolations(page), []);
  await shot(page, '80-therapist-two-step-scan');

  // A wrong code is refused and says so; the app's code turns it on.
  await j.expectStatus(403, /^\/api\/v1\/therapist\/mfa\/totp\/confirm$/, async () => {
    await page.getByLabel(/six-digit code/).fill('000000');
    await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
    await page.getByRole('alert').filter({ hasText: 'That code does not match' }).waitFor();
  });
  const used = totpCode(key);
  await page.getByLabel(/six-digit code/).fill(used);
  await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
  const codes = page.getByTestId('recovery-codes').locator('li');
  await codes.first().waitFor();
  assert.equal(await codes.count(), 10);
  const recovery = (await codes.nth(0).innerText()).trim();
  assert.deepEqual(await axeViolations(page), []);
  await shot(page, '81-therapist-recovery-codes');
  await page.getByRole('button', { name: 'I have kept them' }).click();
  await page.getByText('Two-step sign-in is on: signing in asks for a code').waitFor();

  // Signed out, signing in asks for the code after the password.
  await page.goto(`${env.server.base}/t`);
  await loaded(page.getByTestId('caseload'));
  assert.equal(await page.getByTestId('two-step-prompt').count(), 0, 'no prompt once it is on');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(/\/t\/sign-in$/);
  await page.getByLabel('Email').fill(env.server.email);
  await page.getByLabel('Password').fill(env.server.password);
  await j.expectStatus(401, /^\/api\/v1\/therapist\/session$/, async () => {
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel(/Code from your authenticator app/).waitFor();
  });
  await shot(page, '82-therapist-sign-in-code');
  // The code that turned it on was used: it does not sign in again.
  await j.expectStatus(401, /^\/api\/v1\/therapist\/session$/, async () => {
    await page.getByLabel(/Code from your authenticator app/).fill(used);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'already used' }).waitFor();
  });
  await page.getByLabel(/Code from your authenticator app/).fill(totpCode(key, Date.now() + 30_000));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/t$/);
  await loaded(page.getByTestId('caseload'));

  // A recovery code works too, on a phone-sized screen.
  const { page: small } = await j.page(PHONE);
  await small.goto(`${env.server.base}/t/sign-in`);
  await small.getByLabel('Email').fill(env.server.email);
  await small.getByLabel('Password').fill(env.server.password);
  await j.expectStatus(401, /^\/api\/v1\/therapist\/session$/, async () => {
    await small.getByRole('button', { name: 'Sign in' }).click();
    await small.getByLabel(/Code from your authenticator app/).waitFor();
  });
  assert.deepEqual(await axeViolations(small), []);
  await small.getByLabel(/Code from your authenticator app/).fill(recovery);
  await small.getByRole('button', { name: 'Sign in' }).click();
  await small.waitForURL(/\/t$/);

  // The laptop lists both browsers and signs the phone out; the phone's next read is
  // refused (it goes to sign in again).
  await page.goto(`${env.server.base}/t/account`);
  const devices = page.getByTestId('devices');
  await devices.getByText('Another browser').waitFor();
  assert.deepEqual(await axeViolations(page), []);
  await shot(page, '83-therapist-account');
  await devices.getByRole('button', { name: 'Sign out all other devices' }).click();
  await devices.getByText('Every other device is signed out.').waitFor();
  assert.equal(await devices.getByText('Another browser').count(), 0);
  // Every read of the caseload page is refused (401), and it goes to sign in.
  await j.allow(/401/, async () => {
    await small.reload();
    await small.waitForURL(/\/t\/sign-in$/);
    // …and says why, so the therapist on the phone is not left wondering.
    await small.getByTestId('signed-out-why').getByText(/ended from "Signed-in devices"/).waitFor();
    await small.waitForLoadState('networkidle');
  });
  await shot(small, '84-therapist-signed-out-why');
});
