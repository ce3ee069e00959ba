// "Add a security key or passkey": an optional name and one button that runs the browser's
// dialog (key-registration.js). Used by the first-time set-up and by personal settings.

import { h, field, setFieldError, errorRegion, say } from '../dom.js';
import { guarded } from '../busy.js';
import { registerKey, registrationMessage } from '../key-registration.js';
import { webauthnSupported } from '../webauthn.js';

/**
 * @param {object} app
 * @param {object} options
 * @param {string} options.idPrefix ids of the name field (`<prefix>-name`) and button (`<prefix>-add`)
 * @param {string} options.submitLabel
 * @param {(result: object) => void} options.onAdded the confirm answer (credential, recoveryCodes)
 * @returns {HTMLElement}
 */
export function addKeyForm(app, { idPrefix, submitLabel, onAdded }) {
  if (!webauthnSupported()) {
    return h('div', { class: 'callout callout--info' },
      'This browser cannot use security keys or passkeys. Try a current version of Chrome, Edge, Firefox or Safari.');
  }
  const name = h('input', {
    id: `${idPrefix}-name`, name: 'keyName', type: 'text', class: 'input', maxlength: '64',
    autocomplete: 'off',
  });
  const errors = errorRegion();
  errors.id = `${idPrefix}-errors`;

  async function add() {
    say(errors);
    const given = name.value.trim();
    if (given.length > 64) {
      setFieldError(name, 'Use at most 64 characters.');
      name.focus();
      return;
    }
    setFieldError(name, '');
    let result;
    try {
      result = await registerKey(app, given || null);
    } catch (error) {
      const message = registrationMessage(error);
      if (message) {
        say(errors, message);
      }
      return;
    }
    name.value = '';
    onAdded(result);
  }

  return h('form', { class: 'stack add-key', novalidate: true, onsubmit: guarded(add) },
    field({
      label: 'Name',
      optional: true,
      hint: 'So you can tell your keys apart, like “YubiKey on my keyring” or “Work laptop”. Up to 64 characters.',
      control: name,
    }),
    errors,
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'button button--primary', id: `${idPrefix}-add` }, submitLabel)),
    h('p', { class: 'field__hint' },
      'Your browser then asks you to insert and touch your key, or to create a passkey with your fingerprint, face or screen lock.'));
}
