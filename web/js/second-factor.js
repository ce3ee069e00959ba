// The "enter your code" form used at sign-in, when a change needs a recent verification, and
// after a fresh password sign-in: a TOTP code, or "use a recovery code instead". It shows the
// API's wrong-code messages (with attempts left) and a live countdown while a lock lasts.

import { keyfob, ApiError, serverNow } from './api.js';
import { h, field, setFieldError, errorRegion, say, announce, formatSeconds, nextId } from './dom.js';

const PERMANENT = 'permanent';

/**
 * @param {object} options
 * @param {() => string} options.basisToken the token to verify with (the identity-provider token)
 * @param {(result: object, kind: 'otp'|'recovery') => void} options.onSuccess
 * @param {string|null} [options.lockedUntil] the TOTP lock end from the status, if any
 * @param {string} [options.otpSubmitLabel]
 * @param {(error: ApiError) => boolean} [options.onUnhandled] may take over other errors
 * @returns {{element: HTMLElement, focus: () => void, destroy: () => void}}
 */
export function secondFactorForm({
  basisToken, onSuccess, lockedUntil = null, otpSubmitLabel = 'Verify',
  onUnhandled = () => false,
}) {
  const formId = nextId('second-factor');
  const locks = { otp: null, recovery: null };
  let mode = 'otp';
  let timer = null;
  let busy = false;

  const otpInput = h('input', {
    id: `${formId}-code`, name: 'code', type: 'text', inputmode: 'numeric',
    autocomplete: 'one-time-code', spellcheck: 'false', class: 'input input--code', maxlength: '9',
  });
  const recoveryInput = h('input', {
    id: `${formId}-recovery`, name: 'recoveryCode', type: 'text', autocomplete: 'off',
    autocapitalize: 'none', spellcheck: 'false', class: 'input input--recovery', maxlength: '40',
  });
  const otpField = field({
    label: 'Authentication code',
    hint: 'The 6-digit code your authenticator app shows for keyfob. It changes every 30 seconds and works once.',
    control: otpInput,
  });
  const recoveryField = field({
    label: 'Recovery code',
    hint: 'One of the ten codes you saved when you set up two-factor authentication, like 7hk3-xm2r-94ty-w8k6. Each code works once.',
    control: recoveryInput,
  });
  recoveryField.hidden = true;

  const errors = errorRegion();
  errors.id = `${formId}-errors`;
  for (const input of [otpInput, recoveryInput]) {
    input.setAttribute('aria-describedby', `${input.getAttribute('aria-describedby')} ${errors.id}`);
  }
  const lockLine = h('p', { class: 'lock', role: 'timer', 'aria-live': 'off', hidden: true });
  const submit = h('button', { type: 'submit', class: 'button button--primary' }, otpSubmitLabel);
  const switchButton = h('button', { type: 'button', class: 'link-button', onclick: toggleMode },
    'Use a recovery code instead');

  const form = h('form', { class: 'second-factor', novalidate: true, onsubmit: handleSubmit },
    otpField, recoveryField, errors, lockLine,
    h('div', { class: 'actions' }, submit),
    h('p', { class: 'second-factor__switch' }, switchButton));

  if (lockedUntil) {
    startLock('otp', localTime(lockedUntil));
  }

  function currentInput() {
    return mode === 'otp' ? otpInput : recoveryInput;
  }

  function toggleMode() {
    mode = mode === 'otp' ? 'recovery' : 'otp';
    otpField.hidden = mode !== 'otp';
    recoveryField.hidden = mode !== 'recovery';
    switchButton.textContent = mode === 'otp'
      ? 'Use a recovery code instead' : 'Use your authenticator app instead';
    submit.textContent = mode === 'otp' ? otpSubmitLabel : 'Sign in with recovery code';
    say(errors);
    setFieldError(currentInput(), '');
    renderLock();
    currentInput().focus();
  }

  async function handleSubmit(event) {
    event.preventDefault();
    if (busy) {
      return;
    }
    if (isLocked(mode)) {
      say(errors, lockLine.textContent);
      return;
    }
    const input = currentInput();
    const value = input.value.trim();
    if (!value) {
      setFieldError(input, mode === 'otp'
        ? 'Enter the 6-digit code from your authenticator app.'
        : 'Enter one of your recovery codes.');
      say(errors);
      input.focus();
      return;
    }
    setFieldError(input, '');
    say(errors);
    busy = true;
    const kind = mode;
    try {
      const result = kind === 'otp'
        ? await keyfob.verify(basisToken(), value)
        : await keyfob.recover(basisToken(), value);
      input.value = '';
      onSuccess(result, kind);
    } catch (error) {
      if (!(error instanceof ApiError)) {
        throw error;
      }
      await showError(error, kind, input);
    } finally {
      busy = false;
      renderLock();
    }
  }

  async function showError(error, kind, input) {
    switch (error.code) {
      case 'INVALID_CODE':
      case 'INVALID_RECOVERY_CODE':
        input.value = '';
        input.setAttribute('aria-invalid', 'true');
        say(errors, error.detail);
        if (error.problem.attemptsRemaining === 0) {
          // The failure that sets a lock says so: permanent, or until when (Retry-After).
          if (error.problem.permanent) {
            startLock(kind, PERMANENT);
          } else if (error.retryAfterSeconds) {
            startLock(kind, Date.now() + error.retryAfterSeconds * 1000);
          } else if (kind === 'otp') {
            await lockFromStatus();
          }
        }
        input.focus();
        return;
      case 'LOCKED':
        input.value = '';
        say(errors, error.detail);
        if (error.problem.permanent) {
          startLock(kind, PERMANENT);
        } else {
          const seconds = error.retryAfterSeconds
            ?? secondsUntil(error.problem.lockedUntil) ?? 60;
          // Retry-After is relative, so this device's clock is right for it.
          startLock(kind, Date.now() + seconds * 1000);
        }
        return;
      default:
        if (!onUnhandled(error)) {
          say(errors, error.detail);
        }
    }
  }

  // Fallback for an API that does not describe the lock on the failure that sets it: the status
  // tells how long the TOTP lock lasts, and lockedPermanently whether it lasts until a reset.
  async function lockFromStatus() {
    try {
      const status = await keyfob.status(basisToken());
      startLock('otp', status.lockedUntil && !status.lockedPermanently
        ? localTime(status.lockedUntil) : PERMANENT);
    } catch {
      // The next attempt answers 429 (with Retry-After when the lock is timed) instead.
    }
  }

  function isLocked(kind) {
    const lock = locks[kind];
    return lock === PERMANENT || (typeof lock === 'number' && lock > Date.now());
  }

  function startLock(kind, until) {
    locks[kind] = until;
    if (!timer) {
      timer = setInterval(tick, 1000);
    }
    renderLock();
  }

  function tick() {
    if (!form.isConnected) {
      destroy();
      return;
    }
    renderLock();
    const ticking = Object.values(locks).some((lock) => typeof lock === 'number' && lock > Date.now());
    if (!ticking) {
      destroy();
    }
  }

  // aria-disabled rather than disabled: the button keeps its place in the focus order, so
  // focus is not lost when a lock starts while it has focus.
  function setSubmitEnabled(enabled) {
    if (enabled) {
      submit.removeAttribute('aria-disabled');
    } else {
      submit.setAttribute('aria-disabled', 'true');
    }
  }

  function renderLock() {
    const lock = locks[mode];
    if (lock === PERMANENT) {
      lockLine.hidden = false;
      lockLine.className = 'lock lock--permanent';
      lockLine.textContent = mode === 'otp'
        ? 'Sign-in with authenticator codes is locked after too many wrong attempts. Ask an admin of your organisation, or keyfob support, to reset your two-factor authentication.'
        : 'Sign-in with recovery codes is locked after too many wrong attempts. Ask an admin of your organisation, or keyfob support, to reset your two-factor authentication.';
      setSubmitEnabled(false);
      return;
    }
    if (typeof lock === 'number') {
      const left = Math.ceil((lock - Date.now()) / 1000);
      if (left > 0) {
        lockLine.hidden = false;
        lockLine.className = 'lock';
        lockLine.replaceChildren('Too many wrong attempts. You can try again in ',
          h('strong', { class: 'countdown', 'data-seconds': String(left) }, formatSeconds(left)), '.');
        setSubmitEnabled(false);
        return;
      }
      locks[mode] = null;
      say(errors);
      announce('You can try again now.');
      const hadFocus = form.contains(document.activeElement) || document.activeElement === document.body;
      lockLine.hidden = true;
      setSubmitEnabled(true);
      if (hadFocus) {
        currentInput().focus();
      }
      return;
    }
    lockLine.hidden = true;
    setSubmitEnabled(true);
  }

  function destroy() {
    if (timer) {
      clearInterval(timer);
      timer = null;
    }
  }

  return {
    element: form,
    focus: () => currentInput().focus(),
    destroy,
  };
}

function secondsUntil(time) {
  const t = Date.parse(time || '');
  return Number.isNaN(t) ? null : Math.max(1, Math.ceil((t - serverNow()) / 1000));
}

/** A time on the API's clock as a time on this device's clock (epoch ms). */
function localTime(time) {
  return Date.parse(time) - (serverNow() - Date.now());
}
