// Reminders on a phone, as far as they run offline: a test machine cannot reach a real
// push service, so the browser's `pushManager` is a stand-in that records what the app
// asked for and gives back a subscription with a real P-256 key. Everything else is
// real: Chromium's permission, the app, the server, what the server keeps, the service
// worker showing a pushed message. Sending and decrypting a reminder is
// crates/ajar-server/tests/reminders.rs.
import assert from 'node:assert/strict';
import { createECDH, randomBytes } from 'node:crypto';
import { serverAndBrowser, loaded, shot, axeViolations, PHONE } from './harness.mjs';

const env = serverAndBrowser();

/** Replaces `PushManager` with a stand-in (before any page script runs). */
async function standInPushService(context, { permission } = {}) {
  const key = createECDH('prime256v1');
  key.generateKeys();
  const subscription = {
    endpoint: 'https://push.example.org/wpush/journey-phone',
    keys: { p256dh: key.getPublicKey('base64url'), auth: randomBytes(16).toString('base64url') },
  };
  await context.addInitScript(({ subscription, permission }) => {
    if (permission) Object.defineProperty(Notification, 'permission', { get: () => permission });
    const held = () => sessionStorage.getItem('stand-in.push') === 'on';
    const sub = {
      ...subscription,
      toJSON: () => subscription,
      unsubscribe: async () => { sessionStorage.removeItem('stand-in.push'); window.__pushCalls.push('unsubscribe'); return true; },
    };
    window.__pushCalls = [];
    PushManager.prototype.subscribe = async function (options) {
      window.__pushCalls.push({
        userVisibleOnly: options.userVisibleOnly,
        key: btoa(String.fromCharCode(...new Uint8Array(options.applicationServerKey))),
      });
      sessionStorage.setItem('stand-in.push', 'on');
      return sub;
    };
    PushManager.prototype.getSubscription = async () => (held() ? sub : null);
  }, { subscription, permission });
  return subscription;
}

const serverSays = (page) => page.evaluate(async () => (await fetch('/api/v1/client/reminders')).json());

env.journey('a client turns reminders on and off on their phone', async (j) => {
  const context = await j.context(PHONE);
  await context.grantPermissions(['notifications']);
  await standInPushService(context);
  const phone = await context.newPage();
  await phone.goto(env.server.links.River);
  await loaded(phone.getByRole('heading', { name: 'Your check-ins with Sam Rivera' }));

  const reminders = phone.getByTestId('reminders');
  await reminders.getByText('The reminder only says “You have a check-in waiting”').waitFor();
  assert.deepEqual(await axeViolations(phone), []);
  await reminders.scrollIntoViewIfNeeded();
  await shot(phone, 'reminders-01-off');

  await reminders.getByRole('button', { name: 'Remind me on this phone when a check-in is due' }).click();
  await reminders.getByText('Reminders are on for this phone.').waitFor();
  const server = await serverSays(phone);
  assert.equal(server.on, true);
  // The app subscribed with the server's own key, for notifications the client sees.
  const [call] = await phone.evaluate(() => window.__pushCalls);
  assert.equal(call.userVisibleOnly, true);
  assert.equal(Buffer.from(call.key, 'base64').toString('base64url'), server.public_key);
  assert.deepEqual(await axeViolations(phone), []);
  await shot(phone, 'reminders-02-on');

  // A reminder arriving: the service worker shows it (pushed through DevTools, as a push
  // service would hand it over once decrypted), and it says only the neutral words.
  const cdp = await context.newCDPSession(phone);
  const registrations = [];
  cdp.on('ServiceWorker.workerRegistrationUpdated', (e) => registrations.push(...e.registrations.filter((r) => !r.isDeleted)));
  await cdp.send('ServiceWorker.enable');
  await phone.waitForFunction(() => navigator.serviceWorker.ready.then(() => true));
  for (let i = 0; i < 50 && registrations.length === 0; i++) await phone.waitForTimeout(100);
  assert.ok(registrations.length > 0, 'the service worker is registered');
  const { registrationId, scopeURL } = registrations[0];
  await cdp.send('ServiceWorker.deliverPushMessage', {
    origin: new URL(scopeURL).origin,
    registrationId,
    data: JSON.stringify({ title: 'Ajar', body: 'You have a check-in waiting' }),
  });
  const notifications = () => phone.evaluate(async () => (await (await navigator.serviceWorker.ready).getNotifications())
    .map((n) => ({ title: n.title, body: n.body, tag: n.tag })));
  let shown = [];
  for (let i = 0; i < 50 && shown.length === 0; i++) {
    shown = await notifications();
    if (shown.length === 0) await phone.waitForTimeout(100);
  }
  assert.deepEqual(shown, [{ title: 'Ajar', body: 'You have a check-in waiting', tag: 'ajar-reminder' }]);

  // Still on after a reload: the server and the browser agree.
  await phone.reload();
  await reminders.getByText('Reminders are on for this phone.').waitFor();

  await reminders.getByRole('button', { name: 'Turn reminders off' }).click();
  await reminders.getByRole('button', { name: 'Remind me on this phone when a check-in is due' }).waitFor();
  assert.equal((await serverSays(phone)).on, false);
  assert.deepEqual(await phone.evaluate(() => window.__pushCalls), ['unsubscribe']);
});

env.journey('blocked notifications, no connection and an iPhone outside the home screen are each told what to do', async (j) => {
  const blocked = await j.context(PHONE);
  await standInPushService(blocked, { permission: 'denied' });
  const page = await blocked.newPage();
  await page.goto(env.server.links.Alex);
  await page.getByTestId('reminders').getByText("Notifications are turned off for this site in your browser's settings.").waitFor();
  assert.equal(await page.getByRole('button', { name: /Remind me/ }).count(), 0);

  // The server cannot be asked just now: the card says so, and blames no browser.
  const cut = await j.context(PHONE);
  await cut.route('**/api/v1/client/reminders', (route) => route.abort());
  const cutPage = await cut.newPage();
  await j.allow(/ERR_FAILED/, async () => {
    await cutPage.goto(env.server.links.River);
    await cutPage.getByTestId('reminders').getByText("This needs a connection. Please try again when you're online.").waitFor();
  });

  // Safari on an iPhone has no PushManager until Ajar is opened from the home screen.
  const iphone = await j.context({
    ...PHONE,
    userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  });
  await iphone.addInitScript(() => { delete window.PushManager; });
  const ios = await iphone.newPage();
  await ios.goto(env.server.links.Jo);
  const said = ios.getByTestId('reminders').getByText('choose “Add to Home Screen”');
  await said.waitFor();
  assert.deepEqual(await axeViolations(ios), []);
  await said.scrollIntoViewIfNeeded();
  await shot(ios, 'reminders-03-iphone');
});
