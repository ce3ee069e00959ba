// The ways to pass the second factor, for the form of second-factor.js: a security key or
// passkey, a code from the authenticator app, or a recovery code. Each way has its texts, its
// control (an input, or none for a key: the browser asks for it), how to send it, and the API
// code of a refused attempt. A way has a lock of its own.

import { keyfob } from './api.js';
import { h } from './dom.js';
import { getAssertion, webauthnSupported } from './webauthn.js';

export const WAYS = {
  key: {
    switchLabel: 'Use your security key or passkey instead',
    submitLabel: () => 'Use your security key',
    wrongCode: 'INVALID_ASSERTION',
    lockedForGood: 'Sign-in with security keys and passkeys is locked after too many refused attempts.',
    // The status's end of the timed lock of this way, if the status tells it.
    statusLock: 'webauthnLockedUntil',
    control: (formId) => ({
      label: 'Security key or passkey',
      hint: h('p', { class: 'field__hint', id: `${formId}-key-hint` },
        'Have your security key ready, or your phone or computer with your passkey. When your browser asks, insert and touch the key, or use your fingerprint, face or screen lock.'),
      input: null,
    }),
    // The ceremony: keyfob's challenge, the browser's dialog, keyfob's check.
    async send(token, value, rememberDevice, signal) {
      const started = await keyfob.startAssertion(token);
      const credential = await getAssertion(started.publicKey, signal);
      return keyfob.verifyAssertion(token, started.assertionId, credential, rememberDevice);
    },
  },
  otp: {
    switchLabel: 'Use your authenticator app instead',
    submitLabel: (options) => options.otpSubmitLabel,
    wrongCode: 'INVALID_CODE',
    missing: 'Enter the 6-digit code from your authenticator app.',
    lockedForGood: 'Sign-in with authenticator codes is locked after too many wrong attempts.',
    statusLock: 'lockedUntil',
    control: (formId) => ({
      label: 'Authentication code',
      hint: 'The 6-digit code your authenticator app shows for keyfob. It changes every 30 seconds and works once.',
      input: h('input', {
        id: `${formId}-code`, name: 'code', type: 'text', inputmode: 'numeric',
        autocomplete: 'one-time-code', spellcheck: 'false', class: 'input input--code', maxlength: '9',
      }),
    }),
    send: (token, value, rememberDevice) => keyfob.verify(token, value, rememberDevice),
  },
  recovery: {
    switchLabel: 'Use a recovery code instead',
    submitLabel: () => 'Sign in with recovery code',
    wrongCode: 'INVALID_RECOVERY_CODE',
    missing: 'Enter one of your recovery codes.',
    lockedForGood: 'Sign-in with recovery codes is locked after too many wrong attempts.',
    statusLock: null,
    control: (formId) => ({
      label: 'Recovery code',
      hint: 'One of the ten codes you saved when you set up two-factor authentication, like 7hk3-xm2r-94ty-w8k6. Each code works once.',
      input: h('input', {
        id: `${formId}-recovery`, name: 'recoveryCode', type: 'text', autocomplete: 'off',
        autocapitalize: 'none', spellcheck: 'false', class: 'input input--recovery', maxlength: '40',
      }),
    }),
    send: (token, value, rememberDevice) => keyfob.recover(token, value, rememberDevice),
  },
};

/**
 * The ways open to someone with these methods (the status's `methods`), in the order offered:
 * a security key first when they have one (and this browser can use it), so that a person with
 * only keys is never asked for an app code; the recovery code always last.
 */
export function waysFor(methods) {
  const m = methods || { totp: true, webauthn: 0 };
  const keys = [];
  if (m.webauthn > 0 && webauthnSupported()) {
    keys.push('key');
  }
  if (m.totp || m.webauthn === 0) {
    keys.push('otp');
  }
  keys.push('recovery');
  return keys;
}
