// Who needs attention, and why: the demo caseload at laptop size.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serverAndBrowser, signInTherapist, loaded, shot, axeViolations, LAPTOP, SHOTS } from './harness.mjs';

const env = serverAndBrowser();

/** A phone signed in through `link`, whose API calls carry the client's session. */
async function clientPhone(j, link) {
  const { page } = await j.page();
  await page.goto(link);
  await loaded(page.getByRole('heading', { name: 'Your check-ins with Sam Rivera' }));
  return page.request;
}

/** Sends a check-in as the client, as their phone's outbox would. */
async function send(phone, response) {
  const sent = await phone.post(`${env.server.base}/api/v1/client/responses`, { headers: { 'x-ajar-csrf': '1' }, data: response });
  assert.equal(sent.status(), 201, await sent.text());
}

env.journey('risk first, then the ending request, each with its reason in words', async (j) => {
  const { page } = await j.page({ ...LAPTOP, acceptDownloads: true });
  await signInTherapist(page, env.server);

  const rows = page.getByTestId('client-row');
  await rows.first().waitFor();
  const labels = await rows.locator('h2').allTextContents();
  assert.deepEqual(labels, ['Alex', 'River', 'Jo']);

  const alex = rows.nth(0);
  await alex.getByText(/^Risk: PHQ-9: "Several days" to "Thoughts that you would be better off dead or of hurting yourself in some way" on .*, not yet acknowledged$/).waitFor();
  await alex.getByText(/^Rupture: pace "Too fast \(too much, too soon\)" on /).waitFor();
  await alex.getByText(/^Rupture: wants to talk about how therapy is going/).waitFor();
  await alex.getByRole('img', { name: /^Overall session ratings, oldest to newest: 8, 7, 6, 5, 4$/ }).waitFor();
  const river = rows.nth(1);
  await river.getByText(/^Ending: asks for a last session to wrap up: sent \d+ [A-Z][a-z]{2} \(/).waitFor();
  await rows.nth(2).getByText(/^Silence: no check-in for 23 days \(last on /).waitFor();
  // Figures over the demo caseload, by their written definitions.
  await page.getByText('Caseload figures').click();
  const figures = page.getByTestId('figures');
  await figures.getByText('3 of 3 active clients (100 %)').waitFor(); // Jo's last, 23 days ago, counts
  await figures.getByText('1 of 2 measured therapies, going on and finished (50 %)').waitFor(); // River: GAD-7 10 → 6
  await figures.getByText('0 of 2 measured therapies, going on and finished (0 %)').waitFor();
  await figures.getByText('No finished therapy has two PHQ-9 or GAD-7 scores yet.').waitFor();
  await figures.getByText(/against about 20 % premature endings reported across 669 studies/).waitFor();
  await figures.getByRole('group', { name: /^Mean session rating by week: / }).waitFor();
  assert.deepEqual(await axeViolations(page), []);
  await shot(page, '40-caseload-by-attention');

  // Exports: a PHQ-9 Jo sends now must come back exactly in both downloads.
  const id = '44444444-4444-4444-8444-444444444444';
  const answers = Object.fromEntries([1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => [`phq9-${i}`, i % 4]));
  await send(await clientPhone(j, env.server.links.Jo), { id, instrument: 'phq-9', version: 1, answers });
  await page.reload();
  await loaded(page.getByTestId('caseload'));
  const joRow = rows.filter({ has: page.getByRole('heading', { name: 'Jo' }) });
  await joRow.waitFor();

  const [csvDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'CSV', exact: true }).first().click(),
  ]);
  const csv = (await readFile(await csvDownload.path(), 'utf8')).trim().split('\n');
  assert.equal(csv[0], 'client_id,client_label,response_id,instrument,instrument_version,received_at,answered_at,item_id,item_text,value,value_label,text,total,band,risk');
  const item9 = csv.find((l) => l.includes(`,${id},phq-9,1,`) && l.includes(',phq9-9,'));
  // The answer in words, then the response's total, band and risk flag on its every row.
  const total = Object.values(answers).reduce((a, b) => a + b, 0);
  assert.ok(item9?.endsWith(`,1,Several days,,${total},Moderate,yes`), item9);

  const [fhirDownload] = await Promise.all([
    page.waitForEvent('download'),
    joRow.getByRole('link', { name: 'Export Jo as FHIR' }).click(),
  ]);
  const bundle = JSON.parse(await readFile(await fhirDownload.path(), 'utf8'));
  assert.equal(bundle.resourceType, 'Bundle');
  const response = bundle.entry.map((e) => e.resource).find((r) => r.resourceType === 'QuestionnaireResponse' && r.id === id);
  assert.equal(response.questionnaire, 'urn:ajar:questionnaire:phq-9|1');
  // LOINC's answer codes for the frequency scale, in the order of the values scored.
  const LA = ['LA6568-5', 'LA6569-3', 'LA6570-1', 'LA6571-9'];
  assert.deepEqual(
    Object.fromEntries(response.item.filter((i) => i.linkId !== 'total')
      .map((i) => [i.linkId, LA.indexOf(i.answer[0].valueCoding.code)])),
    answers,
  );
  assert.equal(response.item.find((i) => i.linkId === 'total').answer[0].valueInteger, total);
  assert.ok(bundle.entry.some((e) => e.resource.resourceType === 'Questionnaire' && e.resource.url === 'urn:ajar:questionnaire:phq-9'));

  // A client's page tells the story in pictures.
  await rows.filter({ has: page.getByRole('heading', { name: 'Alex' }) }).getByRole('link', { name: 'Alex', exact: true }).click();
  await page.waitForURL(/\/t\/clients\/\d+$/);
  await loaded(page.getByRole('heading', { name: 'Alex', level: 1 }));
  const charts = page.getByTestId('charts');
  await charts.getByRole('group', { name: /^PHQ-9: 14 on .*, 16 on .*, 19 on .*$/ }).waitFor();
  await charts.getByRole('group', { name: /^GAD-7: 12 on .*, 13 on / }).waitFor();
  await charts.getByRole('group', { name: /^Felt understood: 8 on .*, 7 on .*, 6 on .*, 5 on .*, 4 on [^.]*$/ }).waitFor();
  assert.equal(await charts.locator('.chart-cutoff').count(), 2, 'PHQ-9 and GAD-7 cut-offs');
  assert.equal(await charts.locator('.chart-band').count(), 2, 'reliable-change bands');
  // Each day's point is read on its own, and its value shows when it has the focus.
  const phq9 = charts.getByRole('group', { name: /^PHQ-9: / });
  const first = phq9.getByRole('img', { name: /^PHQ-9, .+: 14$/ }).first();
  const value = first.locator('.chart-value');
  assert.equal(await value.evaluate((v) => getComputedStyle(v).opacity), '0');
  await first.focus();
  await page.waitForFunction((v) => getComputedStyle(v).opacity === '1', await value.elementHandle());
  assert.equal(await value.textContent(), '14');
  // Drawn at its own shape: the chart's height follows its width (320 × 160).
  const box = await phq9.boundingBox();
  assert.ok(Math.abs(box.width / box.height - 2) < 0.02, `the chart is ${box.width}×${box.height}`);
  await page.getByTestId('words').getByText("I'm not sure we're talking about the right things.").waitFor();
  assert.deepEqual(await axeViolations(page), []);
  await shot(page, '41-client-page-charts');

  // The brief before a session: one screen, printed alone.
  await page.getByText('Before the session with Alex: the brief').click();
  const brief = page.getByTestId('brief');
  await brief.getByRole('heading', { name: 'What they want to bring' }).waitFor();
  // Alex's note for next time came before the last session, so it is not news.
  await brief.getByText('Nothing written for next time since the last session.').waitFor();
  await brief.getByText(/^\d+ [A-Z][a-z]{2}: How understood did you feel today\? 4\/10 · on what matters: Not really · pace: Too fast \(too much, too soon\)$/).waitFor();
  await brief.getByText("I'm not sure we're talking about the right things.").waitFor();
  await brief.getByText(/^PHQ-9 19\/27 \(Moderately severe\) on .+, 16 before: no reliable change since the start of this therapy\.$/).waitFor();
  await brief.getByText(/^GAD-7 13\/21 \(Moderate\) on .+, 12 before: no reliable change since the start of this therapy\.$/).waitFor();
  await brief.getByText(/^Risk: PHQ-9: "Several days" to /).waitFor();
  assert.deepEqual(await axeViolations(page), []);
  await brief.screenshot({ path: join(SHOTS, '42-pre-session-brief.png') });
  await page.evaluate(() => document.documentElement.classList.add('printing-brief'));
  await page.emulateMedia({ media: 'print' });
  await shot(page, '43-pre-session-brief-printed');
  assert.equal(await page.getByTestId('charts').isVisible(), false, 'printed alone');
  assert.equal(await brief.getByRole('button', { name: 'Print the brief' }).isVisible(), false);
  await page.emulateMedia({ media: 'screen' });
  await page.evaluate(() => document.documentElement.classList.remove('printing-brief'));
  await page.goto(`${env.server.base}/t`);
  await loaded(page.getByTestId('caseload'));

  // The exports and the read of Alex's page are in the therapist's own audit trail.
  await page.getByText('Your activity (audit trail)').click();
  const trail = page.locator('.audit-list');
  // In words, with the client's label, not raw ids.
  await trail.getByText(/ · Downloaded the caseload as CSV$/).waitFor();
  await trail.getByText(/ · Downloaded \S+'s answers as FHIR$/).waitFor();
  await trail.getByText(/ · Opened \S+'s page$/).first().waitFor();
  assert.equal(await trail.getByText(/client:\d/).count(), 0, 'no raw client ids');

  // Everyone in the demo needs attention, so a client who needs none is added: a fresh
  // session check-in, rated high, at the right pace, raises nothing (the server says so).
  const listed = () => rows.locator('h2').allTextContents();
  const needing = await listed();
  assert.equal(needing.length, 3);
  const api = await j.api();
  const calm = await api.addClient('C.C.');
  await send(await clientPhone(j, calm.link), {
    id: '55555555-5555-4555-8555-555555555555',
    instrument: 'ajar-session',
    version: 1,
    answers: { heard: 9, goals: 9, approach: 9, overall: 9, pace: 1 },
  });
  assert.deepEqual((await api.client('C.C.')).alerts, [], 'the calm client raises nothing');
  await page.reload();
  await loaded(page.getByTestId('caseload'));
  // Listed last: the caseload is sorted by the most urgent alert, and it has none.
  assert.deepEqual(await listed(), [...needing, 'C.C.']);

  const calmRow = rows.filter({ has: page.getByRole('heading', { name: 'C.C.' }) });
  const show = page.getByRole('combobox', { name: 'Show' });
  await show.selectOption({ label: 'Needs attention (3)' });
  await calmRow.waitFor({ state: 'detached' });
  assert.deepEqual(await listed(), needing, 'the filter hides the calm client');
  await page.getByTestId('shown-count').getByText('3 of 4 clients, most urgent first.').waitFor();
  await show.selectOption({ label: 'Everyone (4)' });
  await calmRow.waitFor();
  assert.deepEqual(await listed(), [...needing, 'C.C.'], 'and shows them again');
});
