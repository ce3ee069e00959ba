// Enrollment: POST /v1/me/two-factor/enrollment, QR code (or the setup key behind "Can't scan
// the QR code?"), then a code from the app to confirm. Also serves a method change (with a
// factor active the old app keeps working until the new one is confirmed) and adding the app
// beside security keys. A first factor may be a security key instead (key-setup.js).

import { keyfob, problemOf } from '../api.js';
import { session } from '../session.js';
import { rememberedBrowser } from '../remembered-browser.js';
import {
  h, fill, field, requiredValue, errorRegion, say, announce, copyText, groupsOfFour, formatClock, formatTime,
} from '../dom.js';
import { guarded } from '../busy.js';
import { webauthnSupported } from '../webauthn.js';

const TITLES = {
  required: 'Set up two-factor authentication',
  setup: 'Set up two-factor authentication',
  reenroll: 'Set up two-factor authentication again',
  change: 'Change your authenticator app',
  'add-app': 'Add an authenticator app',
  support: 'Set up two-factor authentication',
};

// Modes that set up the first factor, where a security key may be chosen instead.
const FIRST_FACTOR = new Set(['required', 'setup', 'reenroll', 'support']);

/**
 * @param {object} app
 * @param {{mode: 'required'|'setup'|'change'|'reenroll'|'add-app'|'support'}} options
 */
export async function enrollScreen(app, { mode }) {
  const title = TITLES[mode] || TITLES.setup;
  const flash = app.flashCallout();
  const section = h('section', { class: 'panel', 'aria-labelledby': 'enroll-title', 'aria-busy': 'true' },
    h('h1', { id: 'enroll-title' }, title),
    h('p', { class: 'loading' }, 'Preparing your setup…'));
  app.show(title, section);

  let enrollment;
  try {
    enrollment = await app.call((token) => keyfob.startEnrollment(token));
  } catch (caught) {
    const error = problemOf(caught);
    if (!error) {
      if (caught.message === 'cancelled') {
        app.go(backTo(mode));
      }
      return;
    }
    section.removeAttribute('aria-busy');
    fill(section,
      h('h1', { id: 'enroll-title', tabindex: '-1' }, title),
      h('div', { class: 'callout callout--error', role: 'alert' }, error.detail),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'button button--primary', onclick: guarded(() => enrollScreen(app, { mode })) }, 'Try again'),
        cancelButton(app, mode)));
    section.querySelector('h1').focus();
    return;
  }
  renderEnrollment(app, section, mode, title, enrollment, flash);
}

function renderEnrollment(app, section, mode, title, enrollment, flash) {
  const id = session.identity;
  const status = app.status || {};
  const secretId = 'enroll-secret';
  const manual = h('div', { id: 'enroll-manual', class: 'manual', hidden: true },
    h('p', {}, 'In your authenticator app, choose to enter a setup key, and type:'),
    h('dl', { class: 'facts' },
      h('dt', {}, 'Account'), h('dd', {}, `keyfob (${id.email || id.sub})`),
      h('dt', {}, 'Key'), h('dd', {},
        h('code', { id: secretId, class: 'secret' }, groupsOfFour(enrollment.secret)),
        h('span', { class: 'visually-hidden' }, ` (spelled out: ${spellOut(enrollment.secret)})`)),
      h('dt', {}, 'Type of key'), h('dd', {}, 'Time-based, 6 digits, every 30 seconds')),
    h('div', { class: 'actions' },
      h('button', {
        type: 'button', class: 'button', id: 'enroll-copy-secret',
        onclick: async () => {
          const ok = await copyText(enrollment.secret);
          announce(ok ? 'Setup key copied.' : 'Copying did not work here. Select the key and copy it yourself.');
          copyStatus.textContent = ok ? 'Copied.' : 'Copying did not work; select the key instead.';
        },
      }, 'Copy setup key'),
      h('span', { class: 'copy-status', 'aria-hidden': 'true' })));
  const copyStatus = manual.querySelector('.copy-status');
  const reveal = h('button', {
    type: 'button', class: 'link-button', id: 'enroll-cant-scan',
    'aria-expanded': 'false', 'aria-controls': manual.id,
    onclick: () => {
      const open = manual.hidden;
      manual.hidden = !open;
      reveal.setAttribute('aria-expanded', String(open));
      if (open) {
        manual.querySelector('code').focus();
      }
    },
  }, 'Can’t scan the QR code?');
  manual.querySelector('code').setAttribute('tabindex', '-1');

  const code = h('input', {
    id: 'enroll-code', name: 'code', type: 'text', inputmode: 'numeric', autocomplete: 'one-time-code',
    spellcheck: 'false', class: 'input input--code', maxlength: '9',
  });
  const errors = errorRegion();
  errors.id = 'enroll-errors';
  const submit = h('button', { type: 'submit', class: 'button button--primary' },
    mode === 'change' ? 'Confirm new app' : 'Confirm and continue');
  const form = h('form', { class: 'stack', novalidate: true, onsubmit: guarded(confirm) },
    field({ label: '6-digit code from the app', hint: 'After adding keyfob, your app shows a code that changes every 30 seconds.', control: code }),
    errors,
    h('div', { class: 'actions' }, submit, cancelButton(app, mode)));
  code.setAttribute('aria-describedby', `${code.getAttribute('aria-describedby')} ${errors.id}`);

  const intro = [];
  if (mode === 'required') {
    intro.push(h('p', { class: 'lead' }, 'Your organisation ', h('strong', {}, id.orgId),
      ' requires two-factor authentication. Set it up now to continue: it takes about two minutes.'));
  } else if (mode === 'change') {
    intro.push(h('div', { class: 'callout callout--info', role: 'note' },
      h('strong', {}, 'Your current app keeps working until you confirm the new one. '),
      'If you stop before confirming, nothing changes. Once you confirm, the old app and your old recovery codes stop working.'));
  } else if (mode === 'add-app') {
    intro.push(h('p', { class: 'lead' }, 'Add keyfob to an authenticator app as well, for when your security key is not at hand. Your keys and recovery codes keep working.'));
  } else if (mode === 'support') {
    intro.push(h('p', { class: 'lead' }, 'Support staff always use a second factor: set up yours before you reset anyone else’s. It takes about two minutes.'));
  } else if (mode === 'reenroll') {
    intro.push(h('p', { class: 'lead' }, 'Add keyfob to your authenticator app again and save your new recovery codes.'));
  } else {
    intro.push(h('p', { class: 'lead' }, 'Protect your account with a code from your phone, on top of your password.'));
    if (status.enrollmentDeadline) {
      intro.push(h('p', {}, 'Your organisation requires it from ', h('strong', {}, formatTime(status.enrollmentDeadline)), '.'));
    }
  }

  const qr = h('img', {
    id: 'enroll-qr', class: 'qr', src: enrollment.qrCodePng, width: '228', height: '228',
    alt: 'QR code that adds keyfob to your authenticator app. If you cannot scan it, use the setup key instead.',
  });

  section.removeAttribute('aria-busy');
  fill(section,
    h('h1', { id: 'enroll-title', tabindex: '-1' }, title),
    flash,
    intro,
    h('ol', { class: 'steps' },
      h('li', { class: 'step' },
        h('h2', {}, 'Get an authenticator app'),
        h('p', {}, 'Any app for time-based codes works, such as Google Authenticator, Microsoft Authenticator or Authy. Authy keeps encrypted backups, which helps when you change phones.')),
      h('li', { class: 'step' },
        h('h2', {}, 'Scan this QR code with the app'),
        h('div', { class: 'qr-row' }, qr,
          h('div', {},
            h('p', {}, 'In the app, add an account and point your camera at the code.'),
            h('p', {}, reveal),
            manual))),
      h('li', { class: 'step' },
        h('h2', {}, 'Enter the code the app shows'),
        form)),
    h('p', { class: 'help' }, `This setup expires at ${formatClock(enrollment.expiresAt)}. After that, start again.`),
    FIRST_FACTOR.has(mode) && webauthnSupported()
      ? h('p', { class: 'alternative' }, 'Have a security key, or want to use a passkey? ',
        h('button', { type: 'button', class: 'link-button', id: 'enroll-use-key', onclick: () => app.showKeySetup(mode) },
          'Set up a security key or passkey instead'))
      : null);
  section.querySelector('h1').focus();

  async function confirm() {
    const value = requiredValue(code, 'Enter the 6-digit code from your authenticator app.');
    if (value === null) {
      return;
    }
    say(errors);
    try {
      const result = await app.call((token) => keyfob.confirmEnrollment(token, enrollment.enrollmentId, value));
      session.setMfa(result);
      if (mode === 'change') {
        // A new app is a new factor version: remembered browsers no longer skip the prompt.
        rememberedBrowser.forget(id);
      }
      if (!result.recoveryCodes) {
        // Beside security keys: the recovery codes stay as they were.
        app.flash = { kind: 'success', text: 'Your authenticator app is set up beside your security keys. Your recovery codes are unchanged.' };
        app.go('#/settings');
        return;
      }
      app.showCodes(result.recoveryCodes, { change: 'change', support: 'support' }[mode] || 'enroll');
    } catch (caught) {
      const error = problemOf(caught);
      if (!error) {
        return;
      }
      code.value = '';
      if (error.code === 'ENROLLMENT_NOT_FOUND' || (error.code === 'INVALID_CODE' && error.problem.attemptsRemaining === 0)) {
        say(errors, error.detail, ' ',
          h('button', { type: 'button', class: 'link-button', onclick: guarded(() => enrollScreen(app, { mode })) }, 'Start again'));
        code.setAttribute('aria-invalid', 'true');
        errors.querySelector('button').focus();
        return;
      }
      code.setAttribute('aria-invalid', 'true');
      say(errors, error.detail);
      code.focus();
    }
  }
}

function cancelButton(app, mode) {
  if (mode === 'required') {
    return h('button', { type: 'button', class: 'button button--quiet', onclick: () => app.signOut('You are signed out.') }, 'Sign out');
  }
  return h('button', { type: 'button', class: 'button button--quiet', onclick: () => app.go(backTo(mode)) },
    mode === 'change' ? 'Cancel and keep my current app' : 'Cancel');
}

/** Where cancelling leads. */
function backTo(mode) {
  return { reenroll: '#/home', support: '#/support' }[mode] || '#/settings';
}

/** "ABCD EFGH" read letter by letter, so screen readers spell the key rather than say words. */
function spellOut(secret) {
  return groupsOfFour(secret).split(' ').map((group) => group.split('').join(' ')).join(', ');
}
