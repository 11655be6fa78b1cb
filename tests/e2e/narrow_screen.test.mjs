// Every client page on the smallest phone we promise (320 px) with text at 200 %: nothing
// scrolls sideways, no control sticks out of its box or the screen, and axe finds nothing.
import assert from 'node:assert/strict';
import { serverAndBrowser, loaded, shot, axeViolations, PHONE } from './harness.mjs';
import { bigText, measureFit } from './fit.mjs';

const env = serverAndBrowser();
const SMALL = { ...PHONE, viewport: { width: 320, height: 640 } };

/** Grows the text of the page showing `content`, measures it, runs axe, keeps a screenshot. */
async function check(page, what, content, name) {
  await loaded(content);
  await bigText(page);
  const fit = await measureFit(page);
  assert.ok(fit.sideways <= 0, `${what} scrolls sideways by ${fit.sideways}px at 320 px and 200 %`);
  // A page where nothing was measured proves nothing: every client page has a button.
  assert.ok(fit.buttons > 0, `${what}: no button found to measure (${fit.controls} controls)`);
  assert.deepEqual(fit.spills, [], `${what}: controls spill at 320 px and 200 %`);
  assert.deepEqual(await axeViolations(page), [], what);
  await shot(page, name);
  return fit;
}

env.journey('f) client pages pass axe and fit 320 px at 200 % text', async (j) => {
  const { page } = await j.page(SMALL);
  await page.goto(env.server.links.River);
  await loaded(page.getByRole('heading', { name: 'Your check-ins with Sam Rivera' }));
  const heading = (name) => page.getByRole('heading', { name, level: 1 });
  const question = page.getByText(/^Question 1 of \d+$/);
  const pages = [
    ['/c', heading('Your check-ins with Sam Rivera'), '20-home-320-200pct'],
    ['/c/ajar-session', question, '21-session-320-200pct'],
    ['/c/phq-9', question, '22-phq9-320-200pct'],
    ['/c/ajar-between', question, '23-between-320-200pct'],
    ['/c/gad-7', question, '24-gad7-320-200pct'],
    ['/c/ending', heading('Ending, a break, or a change'), '25-ending-320-200pct'],
  ];
  for (const [path, content, name] of pages) {
    await page.goto(`${env.server.base}${path}`);
    await check(page, path, content, name);
  }

  // The goodbye page, on the phone of a client whose therapy has been closed.
  const api = await j.api();
  const added = await api.addClient('N.S.');
  await api.closeTherapy(added.client_id, 'planned');
  const { page: goodbye } = await j.page(SMALL);
  await goodbye.goto(added.link);
  await check(goodbye, 'the goodbye page', goodbye.getByTestId('goodbye').getByRole('heading', { name: 'Goodbye for now' }), '26-goodbye-320-200pct');
});
