// Sign-in with the second factor (status nextStep VERIFY), and the screen after the last
// recovery code was used (reenrollRequired: true). A sign-in that asked to remember this
// browser keeps the answer's device token for the next one.

import { session } from '../session.js';
import { rememberedBrowser } from '../remembered-browser.js';
import { h, plural } from '../dom.js';
import { guarded } from '../busy.js';
import { secondFactorForm } from '../second-factor.js';

export function verifyScreen(app, status) {
  const id = session.identity;
  const factor = secondFactorForm({
    basisToken: () => session.idpToken,
    status,
    rememberDays: status.rememberDeviceDays || 0,
    otpSubmitLabel: 'Verify',
    onSuccess(result, kind) {
      session.setMfa(result);
      rememberedBrowser.keep(id, result);
      if (kind === 'recovery') {
        if (result.reenrollRequired) {
          app.showLastCodeUsed();
          return;
        }
        const left = result.recoveryCodesRemaining;
        app.flash = {
          kind: left <= 3 ? 'warning' : 'success',
          text: `Signed in with a recovery code. You have ${plural(left, 'recovery code', 'recovery codes')} left.`
            + (left <= 3 ? ' Generate a new set in your personal settings soon.' : ''),
        };
      }
      app.route();
    },
    onUnhandled(error) {
      if (error.code === 'NOT_ENROLLED' || error.code === 'SSO_EXEMPT') {
        app.flash = { kind: 'info', text: error.detail };
        app.route();
        return true;
      }
      if (error.code === 'UNAUTHENTICATED') {
        app.signOut('Your sign-in has expired. Please sign in again.');
        return true;
      }
      return false;
    },
  });

  app.show('Two-factor authentication', h('section', { class: 'panel panel--narrow', 'aria-labelledby': 'verify-title' },
    h('h1', { id: 'verify-title' }, 'Two-factor authentication'),
    app.flashCallout(),
    lead(factor.firstWay, id),
    factor.element,
    h('p', { class: 'help' }, factor.firstWay === 'key'
      ? 'Lost your security key and your recovery codes? Ask an admin of '
      : 'Lost your phone and your recovery codes? Ask an admin of ',
      h('strong', {}, id.orgId), ' to reset your two-factor authentication, then set it up again.'),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'button button--quiet', onclick: () => app.signOut('You are signed out.') }, 'Sign out'))));
}

/** What to do first, for the way offered first. */
function lead(way, id) {
  if (way === 'key') {
    return h('p', { class: 'lead' }, 'Use the security key or passkey you added for ',
      h('strong', {}, id.email || id.sub), '.');
  }
  if (way === 'recovery') {
    return h('p', { class: 'lead' }, 'This browser cannot use security keys or passkeys. Enter one of your recovery codes, or sign in with a browser that can.');
  }
  return h('p', { class: 'lead' }, 'Open your authenticator app and enter the code for ',
    h('strong', {}, `keyfob (${id.email || id.sub})`), '.');
}

export function lastCodeUsedScreen(app) {
  const required = Boolean(app.status && app.status.orgRequiresTwoFactor);
  app.show('Set up two-factor authentication again', h('section', { class: 'panel panel--narrow', 'aria-labelledby': 'last-code-title' },
    h('h1', { id: 'last-code-title' }, 'You used your last recovery code'),
    h('div', { class: 'callout callout--warning' },
      'Your two-factor authentication has been turned off, because you have no recovery codes left.'),
    h('p', {}, 'Set it up again now with your authenticator app. You will get ten new recovery codes.'),
    required
      ? h('p', {}, 'Your organisation requires two-factor authentication, so you will be asked to set it up at your next sign-in anyway.')
      : null,
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'button button--primary', onclick: guarded(() => app.showEnroll('reenroll')) },
        'Set up two-factor authentication again'),
      required ? null : h('button', { type: 'button', class: 'button', onclick: () => app.go('#/home') }, 'Not now'))));
}
