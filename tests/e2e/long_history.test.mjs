// A client who has written a lot: River's phone sends 60 session check-ins, each with a
// note. River's page opens with the newest words and reads older ones only when asked
// ("Show older words"), so a long history never makes the page slow to open.
import assert from 'node:assert/strict';
import { serverAndBrowser, signInTherapist, loaded, shot, axeViolations, LAPTOP, PHONE } from './harness.mjs';

const env = serverAndBrowser();
const SENT = 60;
const id = (n) => `66666666-6666-4666-8666-${String(n).padStart(12, '0')}`;

env.journey('a long history: the newest words first, older ones a page at a time', async (j) => {
  // The phone's session comes straight from the link, without the home page's own reads:
  // sixty check-ins are all a phone may send in a minute.
  const { page: phone } = await j.page(PHONE);
  const token = new URL(env.server.links.River).hash.replace('#t=', '');
  const session = await phone.request.post(`${env.server.base}/api/v1/client/session`, {
    headers: { 'x-ajar-csrf': '1' }, data: { token },
  });
  assert.equal(session.status(), 200, await session.text());
  for (let n = 0; n < SENT; n++) {
    const sent = await phone.request.post(`${env.server.base}/api/v1/client/responses`, {
      headers: { 'x-ajar-csrf': '1' },
      data: {
        id: id(n), instrument: 'ajar-session', version: 1,
        answers: { heard: 8, goals: 8, approach: 8, overall: 8, pace: 1, note: `Long-history note ${n}` },
      },
    });
    assert.equal(sent.status(), 201, await sent.text());
  }

  const { page } = await j.page(LAPTOP);
  await signInTherapist(page, env.server);
  await page.getByTestId('client-row').filter({ has: page.getByRole('heading', { name: 'River' }) })
    .getByRole('link', { name: 'River', exact: true }).click();
  const words = page.getByTestId('words');
  await loaded(words.getByText(`Long-history note ${SENT - 1}`, { exact: true }));
  // The first page holds the newest 50 check-ins' words: the oldest notes wait.
  assert.equal(await words.getByText('Long-history note 0', { exact: true }).count(), 0);
  const first = await words.locator('blockquote').allTextContents();
  assert.equal(first[0], `Long-history note ${SENT - 1}`, 'newest first');
  const older = words.getByRole('button', { name: 'Show older words' });
  assert.deepEqual(await axeViolations(page), []);
  await older.click();
  await words.getByText('Long-history note 0', { exact: true }).waitFor();
  const all = (await words.locator('blockquote').allTextContents()).filter((t) => t.startsWith('Long-history note'));
  assert.deepEqual(all, Array.from({ length: SENT }, (_, i) => `Long-history note ${SENT - 1 - i}`),
    'every note once, newest first');

  const { page: small } = await j.page(PHONE);
  await signInTherapist(small, env.server);
  await small.getByTestId('client-row').filter({ has: small.getByRole('heading', { name: 'River' }) })
    .getByRole('link', { name: 'River', exact: true }).click();
  const smallWords = small.getByTestId('words');
  await loaded(smallWords.getByText(`Long-history note ${SENT - 1}`, { exact: true }));
  await smallWords.getByRole('button', { name: 'Show older words' }).scrollIntoViewIfNeeded();
  await shot(small, '74-long-history-words-phone');
});
