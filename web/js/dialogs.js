// Modal dialogs: "confirm it's you" (a recent second factor), "verify your password" (a fresh
// sign-in at the identity provider, then a code when the person has a factor), plain
// confirmations and a question for a short text (a new name). Native <dialog> with showModal(): focus stays inside, Escape cancels, and
// focus returns to where it was when the dialog closes.

import { devIdentityProvider, ApiError } from './api.js';
import { session } from './session.js';
import {
  h, append, fill, field, setFieldError, requiredValue, errorRegion, say, nextId,
} from './dom.js';
import { guarded } from './busy.js';
import { secondFactorForm } from './second-factor.js';

/**
 * Opens a modal dialog. `build(close)` returns the dialog's body; `close(value)` closes it and
 * resolves the returned promise with value (Escape resolves with the `cancelValue`).
 */
function openDialog({ title, build, cancelValue = false, className = '' }) {
  return new Promise((resolve) => {
    const opener = document.activeElement;
    const titleId = nextId('dialog-title');
    const dialog = h('dialog', { class: `dialog ${className}`.trim(), 'aria-labelledby': titleId });
    let done = false;
    const close = (value) => {
      if (done) {
        return;
      }
      done = true;
      dialog.close();
      dialog.remove();
      if (opener && opener.isConnected && typeof opener.focus === 'function') {
        opener.focus();
      }
      resolve(value);
    };
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      close(cancelValue);
    });
    const heading = h('h2', { id: titleId, class: 'dialog__title', tabindex: '-1' }, title);
    append(dialog, heading, build(close, heading));
    append(document.body, dialog);
    dialog.showModal();
    const first = dialog.querySelector('[autofocus]')
      || [...dialog.querySelectorAll('input, textarea, select')].find((el) => el.checkVisibility());
    (first || heading).focus();
  });
}

/**
 * Asks for a second factor again, for routes that need a recent MFA (403 MFA_REQUIRED).
 * Resolves true once a new MFA token is in the session; false when cancelled. A recovery code
 * that was the last one resolves 'reenroll'.
 */
export function confirmItsYou(reason, status) {
  return openDialog({
    title: "Confirm it's you",
    build(close) {
      const factor = secondFactorForm({
        basisToken: () => session.idpToken,
        status,
        otpSubmitLabel: 'Confirm',
        onSuccess(result) {
          session.setMfa(result);
          close(result.reenrollRequired ? 'reenroll' : true);
        },
      });
      factor.initialFocus().setAttribute('autofocus', '');
      return h('div', { class: 'dialog__body' },
        h('p', {}, reason || (factor.firstWay === 'key'
          ? 'For your security, this change needs a recent verification. Use your security key or passkey to continue.'
          : 'For your security, this change needs a recent verification. Enter a code from your authenticator app to continue.')),
        factor.element,
        h('div', { class: 'actions actions--end' },
          h('button', { type: 'button', class: 'button', onclick: () => close(false) }, 'Cancel')));
    },
  });
}

/**
 * A fresh sign-in before an organisation security change: the password dialog (this demo
 * mints a new identity-provider token with amr ["pwd"] and auth_time now), then, when the
 * person has a factor, a code, because keyfob also wants 2FA on that fresh sign-in.
 * Resolves true when the session holds the fresh token(s); false when cancelled.
 */
export function verifyPassword({ hasFactor, status }) {
  return openDialog({
    title: 'Verify your password',
    build(close, heading) {
      const body = h('div', { class: 'dialog__body' });
      const password = h('input', {
        type: 'password', name: 'password', autocomplete: 'current-password', class: 'input',
        autofocus: true,
      });
      const errors = errorRegion();
      const confirm = h('button', { type: 'submit', class: 'button button--primary' }, 'Confirm');
      // The account name, for password managers (and Chromium's advice on password forms).
      const username = h('input', {
        type: 'text', name: 'username', autocomplete: 'username', hidden: true, readonly: true,
        value: session.identity.email || session.identity.sub,
      });
      const form = h('form', { novalidate: true, onsubmit: guarded(submitPassword) },
        h('p', {}, 'Changing how your organisation signs in needs a fresh sign-in. Enter your password to confirm it is you.'),
        username,
        field({
          label: 'Password',
          hint: 'Demo identity provider: any password is accepted, and it is not sent anywhere.',
          control: password,
        }),
        errors,
        h('div', { class: 'actions actions--end' },
          h('button', { type: 'button', class: 'button', onclick: () => close(false) }, 'Cancel'),
          confirm));
      append(body, form);

      async function submitPassword() {
        if (requiredValue(password, 'Enter your password.') === null) {
          return;
        }
        say(errors);
        try {
          const identity = session.identity;
          const token = await devIdentityProvider.signIn({
            ...identity, amr: ['pwd'], pwdSet: true, authTimeSecondsAgo: 0,
          });
          password.value = '';
          session.replaceIdpToken(token, { amr: ['pwd'], pwdSet: true });
          if (!hasFactor) {
            close(true);
            return;
          }
          showCodeStep();
        } catch (error) {
          if (!(error instanceof ApiError)) {
            throw error;
          }
          say(errors, error.detail);
        }
      }

      function showCodeStep() {
        heading.textContent = 'Enter your code';
        const factor = secondFactorForm({
          basisToken: () => session.idpToken,
          status,
          otpSubmitLabel: 'Confirm',
          onSuccess(result) {
            session.setMfa(result);
            close(!result.reenrollRequired);
          },
        });
        fill(body,
          h('p', {}, factor.firstWay === 'key'
            ? 'Password confirmed. Your account also has two-factor authentication, so use your security key or passkey.'
            : 'Password confirmed. Your account also has two-factor authentication, so enter the current code from your authenticator app.'),
          factor.element,
          h('div', { class: 'actions actions--end' },
            h('button', { type: 'button', class: 'button', onclick: () => close(false) }, 'Cancel')));
        heading.focus();
      }
      return body;
    },
  });
}

/** A yes/no question. Resolves true for the confirming button. */
export function confirmAction({ title, message, confirmLabel, danger = false }) {
  return openDialog({
    title,
    build(close) {
      const paragraphs = (Array.isArray(message) ? message : [message]).map((m) => h('p', {}, m));
      return h('div', { class: 'dialog__body' }, paragraphs,
        h('div', { class: 'actions actions--end' },
          h('button', { type: 'button', class: 'button', onclick: () => close(false), autofocus: true }, 'Cancel'),
          h('button', {
            type: 'button', class: `button ${danger ? 'button--danger' : 'button--primary'}`,
            onclick: () => close(true),
          }, confirmLabel)));
    },
  });
}

/**
 * Asks for a short text, such as a new name. Resolves the trimmed text, or null when cancelled.
 */
export function askText({ title, label, hint, value = '', maxLength = 64, confirmLabel }) {
  return openDialog({
    title,
    cancelValue: null,
    build(close) {
      const input = h('input', {
        type: 'text', name: 'text', class: 'input', value, maxlength: String(maxLength),
        autocomplete: 'off', autofocus: true,
      });
      const submit = (event) => {
        event.preventDefault();
        const text = requiredValue(input, `Enter a ${label.toLowerCase()}.`);
        if (text === null) {
          return;
        }
        if (text.length > maxLength) {
          setFieldError(input, `Use at most ${maxLength} characters.`);
          input.focus();
          return;
        }
        close(text);
      };
      return h('div', { class: 'dialog__body' },
        h('form', { novalidate: true, onsubmit: submit },
          field({ label, hint, control: input }),
          h('div', { class: 'actions actions--end' },
            h('button', { type: 'button', class: 'button', onclick: () => close(null) }, 'Cancel'),
            h('button', { type: 'submit', class: 'button button--primary' }, confirmLabel))));
    },
  });
}
