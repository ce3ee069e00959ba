// Personal settings, remembered browsers: whether the org lets people skip the second factor on
// a browser they chose to remember, whether this browser is one, and "Forget remembered
// browsers" (DELETE /v1/me/two-factor/devices), which ends them all, in every org, and drops
// this browser's own device token.

import { keyfob, problemOf } from '../../api.js';
import { session } from '../../session.js';
import { rememberedBrowser } from '../../remembered-browser.js';
import { h, errorRegion, statusRegion, say, plural, timeEl } from '../../dom.js';
import { guarded } from '../../busy.js';
import { confirmAction } from '../../dialogs.js';

export function rememberedBrowsersSection(app, status) {
  if (status.exempt || !status.enrolled) {
    return null;
  }
  const id = session.identity;
  const messages = statusRegion();
  messages.id = 'browsers-messages';
  const errors = errorRegion();
  errors.id = 'browsers-errors';
  const thisBrowser = h('p', { id: 'browsers-this' });
  showThisBrowser();

  function showThisBrowser() {
    const until = rememberedBrowser.expiresAt(id);
    say(thisBrowser, until
      ? ['This browser is remembered until ', timeEl(until), '.']
      : 'This browser is not remembered.');
  }

  async function forget() {
    say(errors);
    say(messages);
    const ok = await confirmAction({
      title: 'Forget remembered browsers?',
      message: [
        'Every browser you asked keyfob to remember, this one included and in every organisation, will ask for your second factor at its next sign-in.',
        'Do this when you used a computer others use, or lost a device.',
      ],
      confirmLabel: 'Forget them',
    });
    if (!ok) {
      return;
    }
    try {
      await app.call((token) => keyfob.forgetDevices(token));
    } catch (error) {
      const problem = problemOf(error);
      if (problem) {
        say(errors, problem.detail);
      }
      return;
    }
    rememberedBrowser.forget(id);
    showThisBrowser();
    say(messages, 'Every remembered browser is forgotten. Each one asks for your second factor at its next sign-in.');
  }

  return h('section', { class: 'card card--flat', 'aria-labelledby': 'settings-browsers-title' },
    h('h2', { id: 'settings-browsers-title' }, 'Remembered browsers'),
    h('p', {}, status.rememberDeviceDays > 0
      ? `When you sign in, you can ask keyfob to remember the browser: it then skips your second factor there for ${plural(status.rememberDeviceDays, 'day', 'days')}, as your organisation allows.`
      : 'Your organisation does not let browsers skip the second factor at sign-in.'),
    thisBrowser,
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'button', id: 'settings-forget-browsers', onclick: guarded(forget) },
        'Forget remembered browsers')),
    messages, errors);
}
