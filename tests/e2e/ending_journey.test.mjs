// Ending well, in a real Chromium at phone size: a client asks for a final session while
// offline, the therapist answers and closes therapy as planned, the client sees the
// goodbye and can ask to start again.
import assert from 'node:assert/strict';
import { serverAndBrowser, signInTherapist, loaded, shot, axeViolations, PHONE, LAPTOP } from './harness.mjs';

const env = serverAndBrowser();

env.journey('final session requested offline → answered → closed as planned → goodbye → ask to resume', async (j) => {
  const { context: phoneContext, page: phone } = await j.page(PHONE);
  await phone.goto(env.server.links.Jo);
  await loaded(phone.getByRole('heading', { name: 'Your check-ins with Sam Rivera' }));
  await phone.evaluate(() => navigator.serviceWorker.ready);

  // What Chromium logs for each request it could not make with no network.
  await j.allow(/ERR_INTERNET_DISCONNECTED/, async () => {
    await phoneContext.setOffline(true);
    await phone.getByRole('link', { name: 'Talk about ending' }).click();
    await phone.getByRole('heading', { name: 'Ending, a break, or a change' }).waitFor();
    // Only the wish is required; sending without it says so.
    await phone.getByRole('button', { name: 'Send to my therapist' }).click();
    await phone.getByRole('alert').filter({ hasText: 'Please choose what you would like.' }).waitFor();
    await phone.getByRole('radio', { name: 'One last session to wrap up' }).check();
    await phone.getByRole('checkbox', { name: 'Feeling better' }).check();
    await phone.getByRole('checkbox', { name: 'Time or schedule' }).check();
    await phone.getByLabel("Anything you'd like to say?").fill('I think I am ready to finish. Thank you.');
    await phone.getByLabel('Times that would suit you').fill('Tuesday evenings');
    await phone.getByTestId('draft-status').filter({ hasText: 'Saved on this phone' }).waitFor();
    assert.deepEqual(await axeViolations(phone), []);
    await shot(phone, '30-ending-request');
    await phone.getByRole('button', { name: 'Send to my therapist' }).click();
    await phone.waitForURL(/\/c$/);
    await phone.getByTestId('status').filter({ hasText: 'Waiting for a connection — your request will be sent' }).waitFor();

    await phoneContext.setOffline(false);
    await phone.getByTestId('status').filter({ hasText: /^Sent$/ }).waitFor();
  });
  await phone.getByTestId('request-status').filter({ hasText: "Sent. Your therapist hasn't read it yet." }).waitFor();
  assert.deepEqual(await axeViolations(phone), []);
  await shot(phone, '31-ending-request-sent');

  const { page: office } = await j.page(LAPTOP);
  await signInTherapist(office, env.server);
  // Jo's open request shows in the caseload with the client's own words.
  const first = office.getByTestId('client-row').filter({ has: office.getByRole('heading', { name: 'Jo' }) });
  await first.getByText(/^Ending: asks for a last session to wrap up/).waitFor();
  const panel = first.getByTestId('request-panel');
  await panel.getByText('New request: One last session to wrap up').waitFor();
  await panel.getByText('I think I am ready to finish. Thank you.').waitFor();
  await panel.getByText('Reasons: Feeling better, Time or schedule').waitFor();
  await panel.getByText('Times that suit: Tuesday evenings').waitFor();
  assert.deepEqual(await axeViolations(office), []);
  await shot(office, '32-therapist-sees-request');

  await panel.getByRole('button', { name: 'Mark as seen' }).click();
  await panel.getByText('Seen request: One last session to wrap up').waitFor();
  await phone.reload();
  await phone.getByTestId('request-status').filter({ hasText: 'Seen by your therapist.' }).waitFor();

  await panel.getByLabel('Reply to the client').fill("Of course. Let's look back on the work together.");
  await panel.getByLabel('Proposed time (optional)').fill('Tue 3 Dec, 18:00');
  await panel.getByRole('button', { name: 'Send reply' }).click();
  await panel.getByText('Answered request: One last session to wrap up').waitFor();

  await phone.reload();
  await phone.getByTestId('request-status').filter({ hasText: 'Your therapist has answered.' }).waitFor();
  await phone.getByText("Of course. Let's look back on the work together.").waitFor();
  await phone.getByText('Proposed time: Tue 3 Dec, 18:00').waitFor();
  await shot(phone, '33-client-sees-reply');

  // The client answers the proposed time; the request is new again for the therapist.
  const timeReply = phone.getByTestId('time-reply');
  await timeReply.getByRole('button', { name: 'Suggest another time' }).click();
  // The keyboard moves to what opened, never left on a button that is gone.
  await phone.waitForFunction(() => document.activeElement?.name === 'time-suggestion');
  await timeReply.getByRole('button', { name: 'Back' }).click();
  await phone.waitForFunction(() => document.activeElement?.textContent === 'Suggest another time');
  await timeReply.getByRole('button', { name: 'Suggest another time' }).click();
  await timeReply.getByLabel('Which times would suit you instead?').fill('Thursday mornings');
  assert.deepEqual(await axeViolations(phone), []);
  await timeReply.getByRole('button', { name: 'Send' }).click();
  await phone.getByTestId('time-answered').filter({ hasText: 'You suggested: Thursday mornings' }).waitFor();
  await phone.getByTestId('request-status').filter({ hasText: "Sent. Your therapist hasn't read it yet." }).waitFor();
  assert.equal(await phone.getByTestId('time-reply').count(), 0, 'answered once');
  await office.reload();
  await loaded(office.getByTestId('caseload'));
  await panel.getByText('New request: One last session to wrap up').waitFor();
  await panel.getByTestId('time-answer').filter({ hasText: 'Tue 3 Dec, 18:00 does not suit them; they suggest: Thursday mornings' }).waitFor();
  await shot(office, '33b-therapist-sees-time-answer');

  await first.getByRole('button', { name: 'Close therapy…' }).click();
  await first.getByRole('radio', { name: 'Planned, with a final session' }).check();
  await first.getByRole('button', { name: 'Close therapy', exact: true }).click();
  const jo = office.getByTestId('client-row').filter({ has: office.getByRole('heading', { name: 'Jo' }) });
  await jo.getByText(/^Ended .*: Planned, with a final session$/).waitFor();
  assert.equal(await jo.getByTestId('request-panel').count(), 0, 'its open request closed with therapy');
  await shot(office, '34-therapist-closed-planned');

  await phone.reload();
  const goodbye = phone.getByTestId('goodbye');
  await goodbye.getByRole('heading', { name: 'Goodbye for now' }).waitFor();
  await goodbye.getByText('Your therapy with Sam Rivera has ended.').waitFor();
  await goodbye.getByText(/the door is open/).waitFor();
  assert.equal(await phone.getByRole('link', { name: 'Start: Session check-in' }).count(), 0);
  assert.deepEqual(await axeViolations(phone), []);
  await shot(phone, '35-client-goodbye');

  await goodbye.getByLabel("Anything you'd like to say?").fill('Could we talk again in the spring?');
  await goodbye.getByRole('button', { name: 'Ask to start again' }).click();
  await phone.getByTestId('request-status').filter({ hasText: "Sent. Your therapist hasn't read it yet." }).waitFor();
  await phone.getByTestId('request').getByText('To start again').waitFor();
  await shot(phone, '36-client-asked-to-resume');

  await office.reload();
  await loaded(office.getByTestId('caseload'));
  const resume = office.getByTestId('client-row').filter({ has: office.getByRole('heading', { name: 'Jo' }) });
  await resume.getByText(/^Ending: asks to start again/).waitFor();
  await resume.getByText('New request: To start again').waitFor();
  await resume.getByText('Could we talk again in the spring?').waitFor();

  // Withdrawing is asked twice; keeping it changes nothing.
  await phone.getByRole('button', { name: 'Withdraw this request' }).click();
  await phone.getByText('Withdraw it? Your therapist will see that you withdrew it.').waitFor();
  await phone.waitForFunction(() => document.activeElement?.textContent === 'No, keep it');
  await phone.getByRole('button', { name: 'No, keep it' }).click();
  await phone.getByRole('button', { name: 'Withdraw this request' }).waitFor();
  await phone.waitForFunction(() => document.activeElement?.textContent === 'Withdraw this request');

  // A yes to starting again reads as a yes, not as "Closed".
  await resume.getByRole('button', { name: 'Start therapy again' }).click();
  await resume.getByText(/^Ending: asks to start again/).waitFor({ state: 'detached' });
  await phone.reload();
  await phone.getByTestId('request-status')
    .filter({ hasText: 'Your therapist said yes: your therapy is open again. Your check-ins are below.' }).waitFor();
  await phone.getByRole('link', { name: 'Start: Session check-in' }).waitFor();
  assert.equal(await phone.getByTestId('goodbye').count(), 0);
  assert.equal(await phone.getByRole('button', { name: 'Withdraw this request' }).count(), 0);
  assert.deepEqual(await axeViolations(phone), []);
  await shot(phone, '37-client-welcomed-back');
});

env.journey('withdrawing a request is asked twice, then said', async (j) => {
  const { page: phone } = await j.page(PHONE);
  await phone.goto(env.server.links.River);
  await loaded(phone.getByRole('heading', { name: 'Your check-ins with Sam Rivera' }));
  const card = phone.getByTestId('request');
  await card.getByText('One last session to wrap up').waitFor();
  await card.getByRole('button', { name: 'Withdraw this request' }).click();
  const asked = card.getByRole('group', { name: 'Withdraw it? Your therapist will see that you withdrew it.' });
  await asked.waitFor();
  assert.deepEqual(await axeViolations(phone), []);
  await shot(phone, '38-client-withdraw-asked');
  await asked.getByRole('button', { name: 'Yes, withdraw it' }).click();
  await phone.getByTestId('request-status').filter({ hasText: 'You withdrew this request.' }).waitFor();
  await phone.reload();
  await phone.getByTestId('request-status').filter({ hasText: 'You withdrew this request.' }).waitFor();
  assert.equal(await card.getByRole('button', { name: /Withdraw/ }).count(), 0);
  const api = await j.api();
  const river = await api.client('River');
  assert.equal(river.open_requests.length, 0, 'withdrawn on the server');

  // The therapist still sees what was asked, and that it was taken back.
  const { page: office } = await j.page(LAPTOP);
  await signInTherapist(office, env.server);
  await office.goto(`${env.server.base}/t/clients/${river.client_id}`);
  const history = office.getByTestId('request-history');
  await history.getByText(/^One last session to wrap up · asked \d+ [A-Z][a-z]{2} · Withdrawn by the client$/).waitFor();
  assert.deepEqual(await axeViolations(office), []);
  await shot(office, '39-therapist-sees-withdrawn');
});
