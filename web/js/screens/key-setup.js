// First-time set-up with a security key or passkey instead of an authenticator app (from the
// enrollment screen): name it, the browser's dialog, then the recovery codes the confirm
// answered, as after an app enrollment.

import { session } from '../session.js';
import { h } from '../dom.js';
import { guarded } from '../busy.js';
import { addKeyForm } from '../components/add-key-form.js';

/**
 * @param {object} app
 * @param {{mode: 'required'|'setup'|'reenroll'|'support'}} options as for the enrollment screen
 */
export function keySetupScreen(app, { mode }) {
  const id = session.identity;
  const back = { support: '#/support', setup: '#/settings' }[mode] || '#/home';
  const form = addKeyForm(app, {
    idPrefix: 'key-setup',
    submitLabel: 'Add security key or passkey',
    onAdded(result) {
      if (result.recoveryCodes) {
        app.showCodes(result.recoveryCodes, mode === 'support' ? 'support' : 'key');
        return;
      }
      app.flash = { kind: 'success', text: 'Your security key or passkey is added.' };
      app.go(back);
    },
  });
  app.show('Set up a security key or passkey', h('section', { class: 'panel panel--narrow', 'aria-labelledby': 'key-setup-title' },
    h('h1', { id: 'key-setup-title' }, 'Set up a security key or passkey'),
    mode === 'required'
      ? h('p', { class: 'lead' }, 'Your organisation ', h('strong', {}, id.orgId),
        ' requires two-factor authentication. A security key or a passkey is the quickest way: no codes to type.')
      : h('p', { class: 'lead' }, 'A security key or a passkey confirms it is you with a touch, a fingerprint or your screen lock: no codes to type.'),
    h('ul', {},
      h('li', {}, h('strong', {}, 'A security key'), ' is a small USB or NFC device, such as a YubiKey.'),
      h('li', {}, h('strong', {}, 'A passkey'), ' lives on your phone or computer, or in your password manager, and may sync between your devices.')),
    form,
    h('p', { class: 'help' }, 'You also get ten recovery codes, for when your key is not at hand.'),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'button', id: 'key-setup-app', onclick: guarded(() => app.showEnroll(mode)) },
        'Use an authenticator app instead'),
      mode === 'required'
        ? h('button', { type: 'button', class: 'button button--quiet', onclick: () => app.signOut('You are signed out.') }, 'Sign out')
        : h('button', { type: 'button', class: 'button button--quiet', onclick: () => app.go(back) }, 'Cancel'))));
}
