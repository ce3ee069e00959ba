// The recovery codes, shown once after enrollment, a method change or regeneration: download,
// copy, where to keep them, and "I have saved them" before going on. The codes live only in
// this screen's closure; nothing stores them.

import { session } from '../session.js';
import { serverNow } from '../clock.js';
import { h, announce, copyText, downloadText, errorRegion, say } from '../dom.js';

const NEXT = {
  enroll: { flash: 'Two-factor authentication is on. You will be asked for a code when you sign in.', to: '#/home' },
  change: { flash: 'Your new authenticator app is set up. The old app and your old recovery codes no longer work.', to: '#/settings' },
  regenerate: { flash: 'Your new recovery codes are ready. The old ones no longer work.', to: '#/settings' },
  key: { flash: 'Two-factor authentication is on with your security key or passkey. You will use it when you sign in.', to: '#/home' },
  'key-settings': { flash: 'Two-factor authentication is on with your security key or passkey. You will use it when you sign in.', to: '#/settings' },
  support: { flash: 'Two-factor authentication is on. You can reset two-factor authentication for others now.', to: '#/support' },
};

/**
 * @param {object} app
 * @param {string[]} codes the ten codes of the answer
 * @param {'enroll'|'change'|'regenerate'|'key'|'key-settings'|'support'} context
 */
export function codesScreen(app, codes, context) {
  const id = session.identity;
  const next = NEXT[context] || NEXT.enroll;
  const copyStatus = h('span', { class: 'copy-status', 'aria-hidden': 'true' });
  const saved = h('input', { type: 'checkbox', id: 'codes-saved', name: 'saved' });
  const errors = errorRegion();
  errors.id = 'codes-errors';
  saved.setAttribute('aria-describedby', errors.id);

  const list = h('ol', { class: 'codes', id: 'recovery-codes', 'aria-label': 'Your recovery codes' },
    codes.map((code) => h('li', {}, h('code', {}, code))));

  const form = h('form', { class: 'stack', novalidate: true, onsubmit: finish },
    h('div', { class: 'check check--large' }, saved,
      h('label', { for: saved.id }, 'I have saved my recovery codes somewhere safe')),
    errors,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button button--primary', id: 'codes-continue' }, 'Continue')));

  app.show('Save your recovery codes', h('section', { class: 'panel', 'aria-labelledby': 'codes-title' },
    h('h1', { id: 'codes-title' }, 'Save your recovery codes'),
    h('p', { class: 'lead' }, 'If you lose your phone or your security key, each of these codes lets you sign in once. ',
      h('strong', {}, 'This is the only time they are shown.')),
    list,
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'button', id: 'codes-download', onclick: download }, 'Download as a text file'),
      h('button', { type: 'button', class: 'button', id: 'codes-copy', onclick: copy }, 'Copy all codes'),
      copyStatus),
    h('section', { class: 'advice', 'aria-labelledby': 'codes-advice' },
      h('h2', { id: 'codes-advice' }, 'Where to keep them'),
      h('ul', {},
        h('li', {}, h('strong', {}, 'In your password manager'), ': the best place, next to your keyfob password.'),
        h('li', {}, 'Or printed, somewhere only you can reach.'),
        h('li', {}, h('strong', {}, 'Not'), ' as a screenshot in your phone’s camera roll: lose the phone and you lose both.'),
        h('li', {}, h('strong', {}, 'Not'), ' in your email: anyone who gets into your inbox gets them too.')),
      h('p', {}, 'Without your phone or these codes, only an admin of your organisation or keyfob support can let you back in.')),
    form));

  function text() {
    return [
      `keyfob recovery codes for ${id.email || id.sub} (organisation ${id.orgId})`,
      `Created ${new Date(serverNow()).toISOString().replace(/\.\d+Z$/, 'Z')}`,
      '',
      'Each code signs you in once when you cannot use your authenticator app or security key.',
      'Keep this file in your password manager, not in email or your camera roll.',
      '',
      ...codes,
      '',
    ].join('\n');
  }

  function download() {
    downloadText('keyfob-recovery-codes.txt', text());
    announce('Recovery codes downloaded as keyfob-recovery-codes.txt.');
    copyStatus.textContent = 'Downloaded keyfob-recovery-codes.txt.';
  }

  async function copy() {
    const ok = await copyText(codes.join('\n'));
    announce(ok ? 'Recovery codes copied.' : 'Copying did not work here. Download the file instead.');
    copyStatus.textContent = ok ? 'Copied.' : 'Copying did not work; download the file instead.';
  }

  function finish(event) {
    event.preventDefault();
    if (!saved.checked) {
      saved.setAttribute('aria-invalid', 'true');
      say(errors, 'Save your recovery codes first, then tick the box to confirm.');
      saved.focus();
      return;
    }
    app.flash = { kind: 'success', text: next.flash };
    app.go(next.to);
  }
}
