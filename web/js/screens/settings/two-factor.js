// Personal settings, two-factor authentication: set up, change or add the authenticator app,
// remove the app while security keys remain, new recovery codes, remove everything. (The keys
// themselves have a section of their own.) Changes that need a recent verification go through
// app.call, which asks for the second factor again on 403 MFA_REQUIRED and retries.

import { keyfob, problemOf } from '../../api.js';
import { session } from '../../session.js';
import { rememberedBrowser } from '../../remembered-browser.js';
import { h, plural, errorRegion, say, sayInView } from '../../dom.js';
import { confirmAction } from '../../dialogs.js';
import { guarded } from '../../busy.js';

export function twoFactorSection(app, status) {
  const errors = errorRegion();
  errors.id = 'settings-errors';

  async function regenerate() {
    say(errors);
    const ok = await confirmAction({
      title: 'Generate new recovery codes?',
      message: 'You will get ten new codes. The codes you saved before stop working at once.',
      confirmLabel: 'Generate new codes',
    });
    if (!ok) {
      return;
    }
    try {
      const result = await app.call((token) => keyfob.regenerateRecoveryCodes(token));
      app.showCodes(result.recoveryCodes, 'regenerate');
    } catch (error) {
      showError(error);
    }
  }

  async function remove() {
    say(errors);
    const ok = await confirmAction({
      title: 'Remove two-factor authentication?',
      message: [
        'Your authenticator app, your security keys and passkeys, and your recovery codes will stop working for keyfob.',
        status.orgRequiresTwoFactor
          ? 'Your organisation requires two-factor authentication, so you will be asked to set it up again straight away.'
          : 'You can set it up again at any time.',
      ],
      confirmLabel: 'Remove',
      danger: true,
    });
    if (!ok) {
      return;
    }
    try {
      await app.call((token) => keyfob.removeTwoFactor(token));
      // The factor version changed, so the MFA token is no longer valid (back to the first
      // factor), and neither is any remembered browser.
      session.dropMfa();
      rememberedBrowser.forget(session.identity);
      app.flash = { kind: 'success', text: 'Two-factor authentication is off for your account.' };
      app.go('#/settings');
    } catch (error) {
      showError(error);
    }
  }

  async function removeApp() {
    say(errors);
    const ok = await confirmAction({
      title: 'Remove the authenticator app?',
      message: [
        'Codes from your authenticator app will stop working for keyfob. You sign in with your security keys and passkeys, or a recovery code.',
        'Your recovery codes stay as they are.',
      ],
      confirmLabel: 'Remove the app',
      danger: true,
    });
    if (!ok) {
      return;
    }
    try {
      session.setMfa(await app.call((token) => keyfob.removeApp(token)));
      // A new factor version: remembered browsers, this one too, no longer skip the prompt.
      rememberedBrowser.forget(session.identity);
      app.flash = { kind: 'success', text: 'Your authenticator app is removed. Sign in with your security keys and passkeys from now on.' };
      app.go('#/settings');
    } catch (error) {
      if (error && error.code === 'LAST_FACTOR') {
        say(errors, error.detail, ' Add a security key or passkey first.');
        return;
      }
      showError(error);
    }
  }

  function showError(error) {
    const problem = problemOf(error);
    if (problem) sayInView(errors, problem.detail);
  }

  return h('section', { class: 'card card--flat', 'aria-labelledby': 'settings-2fa-title' },
    h('h2', { id: 'settings-2fa-title' }, 'Two-factor authentication'),
    body(),
    errors);

  function body() {
    if (status.exempt) {
      return h('p', { id: 'settings-2fa-state' }, 'You signed in with SSO. Your identity provider verifies you, so keyfob’s two-factor authentication does not apply to this sign-in.');
    }
    if (!status.enrolled) {
      return [
        h('p', { id: 'settings-2fa-state' }, h('span', { class: 'badge badge--off' }, 'Off'),
          ' Two-factor authentication is not set up for your account.'),
        status.orgRequiresTwoFactor && status.enrollmentDeadline
          ? h('p', {}, 'Your organisation requires it; set it up before your grace period ends.')
          : null,
        h('div', { class: 'actions' },
          h('button', { type: 'button', class: 'button button--primary', id: 'settings-setup', onclick: guarded(() => app.showEnroll('setup')) },
            'Set up method')),
        h('p', { class: 'field__hint' }, 'With an authenticator app; or add a security key or passkey below.'),
      ];
    }
    const methods = status.methods || { totp: true, webauthn: 0 };
    return [
      h('p', { id: 'settings-2fa-state' }, h('span', { class: 'badge badge--on' }, 'On'), ' ',
        methodsText(methods), ' · ',
        h('span', { id: 'settings-codes-left' }, `${plural(status.recoveryCodesRemaining, 'recovery code', 'recovery codes')} left`)),
      h('ul', { class: 'setting-actions' },
        methods.totp
          ? h('li', {},
            h('button', { type: 'button', class: 'button', id: 'settings-change', onclick: guarded(() => app.showEnroll('change')) }, 'Change authenticator app'),
            h('p', { class: 'field__hint' }, 'Move to another app or phone. Your current app keeps working until you confirm the new one.'))
          : h('li', {},
            h('button', { type: 'button', class: 'button', id: 'settings-add-app', onclick: guarded(() => app.showEnroll('add-app')) }, 'Add an authenticator app'),
            h('p', { class: 'field__hint' }, 'Codes from your phone, for when your security key is not at hand.')),
        methods.totp && methods.webauthn > 0
          ? h('li', {},
            h('button', { type: 'button', class: 'button', id: 'settings-remove-app', onclick: guarded(removeApp) }, 'Remove the authenticator app'),
            h('p', { class: 'field__hint' }, 'Sign in with your security keys and passkeys only. Your recovery codes stay.'))
          : null,
        h('li', {},
          h('button', { type: 'button', class: 'button', id: 'settings-regenerate', onclick: guarded(regenerate) }, 'Generate new recovery codes'),
          h('p', { class: 'field__hint' }, 'Get ten new codes. The codes you have now stop working.')),
        h('li', {},
          h('button', { type: 'button', class: 'button button--danger', id: 'settings-remove', onclick: guarded(remove) }, 'Remove two-factor authentication'),
          h('p', { class: 'field__hint' }, status.orgRequiresTwoFactor
            ? 'Your organisation requires two-factor authentication, so you will be asked to set it up again straight away.'
            : 'Your account will be protected by your password alone.'))),
    ];
  }
}

/** "Authenticator app · 2 security keys", from the status's methods. */
function methodsText(methods) {
  const parts = [];
  if (methods.totp) {
    parts.push('Authenticator app');
  }
  if (methods.webauthn > 0) {
    parts.push(plural(methods.webauthn, 'security key or passkey', 'security keys and passkeys'));
  }
  return parts.join(' · ');
}
