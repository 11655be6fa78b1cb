// "I missed my session", in a real Chromium at phone size: the client says so from the
// home page (offline, so it waits in the outbox), chooses what they would like next and
// why; the therapist sees it at the top of the caseload, starts from a door-open reply,
// and the client reads it. A half-written ending request stays its own draft.
import assert from 'node:assert/strict';
import { serverAndBrowser, signInTherapist, loaded, shot, axeViolations, PHONE, LAPTOP } from './harness.mjs';

const env = serverAndBrowser();

env.journey('a missed session: told from the phone, answered with a door-open reply', async (j) => {
  const { context: phoneContext, page: phone } = await j.page(PHONE);
  await phone.goto(env.server.links.Jo);
  await loaded(phone.getByRole('heading', { name: 'Your check-ins with Sam Rivera' }));
  await phone.evaluate(() => navigator.serviceWorker.ready);

  // An ending request begun and left: its draft is not the missed session's.
  await phone.getByRole('link', { name: 'Talk about ending' }).click();
  await phone.getByRole('radio', { name: 'A break, and to check back later' }).check();
  await phone.getByTestId('draft-status').filter({ hasText: 'Saved on this phone' }).waitFor();
  await phone.getByRole('link', { name: 'Back to your check-ins' }).click();

  await j.allow(/ERR_INTERNET_DISCONNECTED/, async () => {
    await phoneContext.setOffline(true);
    const entry = phone.locator('.missed-entry');
    await entry.getByText("It happens, and you don't need to explain.").waitFor();
    await entry.getByRole('link', { name: 'I missed my session' }).click();
    await phone.getByRole('heading', { name: 'I missed my session' }).waitFor();
    assert.equal(await phone.getByRole('radio', { checked: true }).count(), 0, 'nothing chosen yet');
    // Its own reasons, none of the ending flow's.
    assert.equal(await phone.getByRole('checkbox', { name: 'Cost' }).count(), 0);
    await phone.getByRole('radio', { name: "I missed my session and I'm not sure I want to continue" }).check();
    await phone.getByRole('checkbox', { name: 'It felt hard to come' }).check();
    await phone.getByRole('checkbox', { name: 'I forgot' }).check();
    await phone.getByTestId('draft-status').filter({ hasText: 'Saved on this phone' }).waitFor();
    assert.deepEqual(await axeViolations(phone), []);
    await shot(phone, 'missed-01-form');
    await phone.getByRole('button', { name: 'Send to my therapist' }).click();
    await phone.waitForURL(/\/c$/);
    await phone.getByTestId('status').filter({ hasText: 'Waiting for a connection — your request will be sent' }).waitFor();
    await phoneContext.setOffline(false);
    await phone.getByTestId('status').filter({ hasText: /^Sent$/ }).waitFor();
  });
  await phone.getByTestId('request-status').filter({ hasText: "Sent. Your therapist hasn't read it yet." }).waitFor();

  // The ending form still holds its own half-written choice.
  await phone.getByRole('link', { name: 'Talk about ending' }).click();
  assert.equal(await phone.getByRole('radio', { name: 'A break, and to check back later' }).isChecked(), true);
  await phone.getByRole('link', { name: 'Back to your check-ins' }).click();

  const { page: office } = await j.page(LAPTOP);
  await signInTherapist(office, env.server);
  const first = office.getByTestId('client-row').filter({ has: office.getByRole('heading', { name: 'Jo' }) });
  await first.getByText(/^Ending: missed a session and is not sure they want to continue/).waitFor();
  const panel = first.getByTestId('request-panel');
  await panel.getByText("New request: I missed my session and I'm not sure I want to continue").waitFor();
  await panel.getByText('Reasons: I forgot, It felt hard to come').waitFor();
  const start = panel.getByRole('group', { name: 'Replies to start from' });
  const door = "Thank you for telling me, it's okay to feel unsure. Would you like one session to talk it over, with no pressure to go on?";
  await start.getByRole('button', { name: door }).click();
  assert.equal(await panel.getByLabel('Reply to the client').inputValue(), door);
  assert.deepEqual(await axeViolations(office), []);
  await shot(office, 'missed-02-therapist');
  await panel.getByRole('button', { name: 'Send reply' }).click();
  await first.getByText('Your reply: ' + door).waitFor();

  await phone.reload();
  await phone.getByTestId('request').getByText(door).waitFor();
  assert.deepEqual(await axeViolations(phone), []);
  await shot(phone, 'missed-03-reply');
});
