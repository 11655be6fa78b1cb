// Who needs attention, and why: the demo caseload at laptop size.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, watchConsole, shot, axeViolations } from './harness.mjs';

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

test('risk first, then the ending request, each with its reason in words', async () => {
  const problems = [];
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  watchConsole(page, problems);
  await page.goto(`${server.base}/t/sign-in`);
  await page.getByLabel('Email').fill(server.email);
  await page.getByLabel('Password').fill(server.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/t$/);

  const rows = page.getByTestId('client-row');
  await rows.first().waitFor();
  const labels = await rows.locator('h2').allTextContents();
  assert.deepEqual(labels, ['Alex', 'River', 'Jo']);

  const alex = rows.nth(0);
  await alex.getByText(/^Risk: PHQ-9 item 9 \(thoughts of being better off dead or of self-harm\): "Several days" on /).waitFor();
  await alex.getByText(/^Rupture: pace "Too fast \(too much, too soon\)" on /).waitFor();
  await alex.getByText(/^Rupture: wants to talk about how therapy is going/).waitFor();
  await alex.getByRole('img', { name: /^Overall session ratings, oldest to newest: 8, 7, 6, 5, 4$/ }).waitFor();
  const river = rows.nth(1);
  await river.getByText(/^Ending: asks for a last session to wrap up \(sent /).waitFor();
  await rows.nth(2).getByText(/^Silence: no check-in for 23 days \(last on /).waitFor();
  assert.deepEqual(await axeViolations(page), []);
  await shot(page, '40-caseload-by-attention');

  // Everyone in the demo needs attention for some reason, so the filter keeps all three.
  await page.getByRole('checkbox', { name: /^Needs attention only \(3 of 3\)$/ }).check();
  assert.equal(await rows.count(), 3);
  assert.deepEqual(problems, []);
  await context.close();
});
