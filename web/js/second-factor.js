// The "enter your code" form used at sign-in, when a change needs a recent verification, and
// after a fresh password sign-in. It offers the ways a person can prove the second factor (a
// code from the app, or a recovery code), shows the API's wrong-code messages with attempts
// left, and a live countdown while a lock lasts. Each way locks on its own.
//
// A way is an entry of WAYS: its field, how to send it, and its texts. A new way (a security
// key) is a new entry whose element holds its own control; the form switches between them.

import { keyfob, ApiError } from './api.js';
import { serverNow, msUntil } from './clock.js';
import {
  h, fill, field, setFieldError, requiredValue, errorRegion, say, announce, formatSeconds, nextId,
} from './dom.js';
import { guarded, setUnavailable } from './busy.js';

const PERMANENT = 'permanent';

const WAYS = {
  otp: {
    switchLabel: 'Use your authenticator app instead',
    submitLabel: (options) => options.otpSubmitLabel,
    wrongCode: 'INVALID_CODE',
    send: (token, value) => keyfob.verify(token, value),
    missing: 'Enter the 6-digit code from your authenticator app.',
    lockedForGood: 'Sign-in with authenticator codes is locked after too many wrong attempts.',
    control: (formId) => ({
      label: 'Authentication code',
      hint: 'The 6-digit code your authenticator app shows for keyfob. It changes every 30 seconds and works once.',
      input: h('input', {
        id: `${formId}-code`, name: 'code', type: 'text', inputmode: 'numeric',
        autocomplete: 'one-time-code', spellcheck: 'false', class: 'input input--code', maxlength: '9',
      }),
    }),
  },
  recovery: {
    switchLabel: 'Use a recovery code instead',
    submitLabel: () => 'Sign in with recovery code',
    wrongCode: 'INVALID_RECOVERY_CODE',
    send: (token, value) => keyfob.recover(token, value),
    missing: 'Enter one of your recovery codes.',
    lockedForGood: 'Sign-in with recovery codes is locked after too many wrong attempts.',
    control: (formId) => ({
      label: 'Recovery code',
      hint: 'One of the ten codes you saved when you set up two-factor authentication, like 7hk3-xm2r-94ty-w8k6. Each code works once.',
      input: h('input', {
        id: `${formId}-recovery`, name: 'recoveryCode', type: 'text', autocomplete: 'off',
        autocapitalize: 'none', spellcheck: 'false', class: 'input input--recovery', maxlength: '40',
      }),
    }),
  },
};

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
  const options = { otpSubmitLabel };
  const formId = nextId('second-factor');
  const errors = errorRegion();
  errors.id = `${formId}-errors`;
  // Lock ends per way, in the API's time (epoch ms), or PERMANENT.
  const locks = {};
  const ways = {};
  for (const [key, way] of Object.entries(WAYS)) {
    const { label, hint, input } = way.control(formId);
    const wrapper = field({ label, hint, control: input });
    input.setAttribute('aria-describedby', `${input.getAttribute('aria-describedby')} ${errors.id}`);
    ways[key] = { ...way, input, wrapper };
    locks[key] = null;
  }
  let mode = 'otp';
  let timer = null;

  const lockLine = h('p', { class: 'lock', role: 'timer', 'aria-live': 'off', hidden: true });
  const submit = h('button', { type: 'submit', class: 'button button--primary' });
  const switches = Object.keys(ways).map((key) => h('button', {
    type: 'button', class: 'link-button', 'data-way': key, onclick: () => switchTo(key),
  }, ways[key].switchLabel));

  const form = h('form', { class: 'second-factor', novalidate: true, onsubmit: guarded(handleSubmit) },
    Object.values(ways).map((way) => way.wrapper), errors, lockLine,
    h('div', { class: 'actions' }, submit),
    h('p', { class: 'second-factor__switch' }, switches));
  showWay();

  if (lockedUntil) {
    startLock('otp', Date.parse(lockedUntil));
  }

  function current() {
    return ways[mode];
  }

  function showWay() {
    for (const [key, way] of Object.entries(ways)) {
      way.wrapper.hidden = key !== mode;
    }
    for (const button of switches) {
      button.hidden = button.dataset.way === mode;
    }
    fill(submit, current().submitLabel(options));
  }

  function switchTo(key) {
    mode = key;
    showWay();
    say(errors);
    setFieldError(current().input, '');
    renderLock();
    current().input.focus();
  }

  async function handleSubmit() {
    if (isLocked(mode)) {
      say(errors, lockLine.textContent);
      return;
    }
    const kind = mode;
    const { input } = current();
    const value = requiredValue(input, current().missing);
    say(errors);
    if (value === null) {
      return;
    }
    try {
      const result = await ways[kind].send(basisToken(), value);
      input.value = '';
      onSuccess(result, kind);
    } catch (error) {
      if (!(error instanceof ApiError)) {
        throw error;
      }
      await showError(error, kind, input);
    } finally {
      renderLock();
    }
  }

  async function showError(error, kind, input) {
    if (error.code === ways[kind].wrongCode) {
      input.value = '';
      input.setAttribute('aria-invalid', 'true');
      say(errors, error.detail);
      if (error.problem.attemptsRemaining === 0) {
        // The failure that sets a lock says so: permanent, or until when (Retry-After).
        if (error.problem.permanent) {
          startLock(kind, PERMANENT);
        } else if (error.retryAfterSeconds) {
          startLock(kind, serverNow() + error.retryAfterSeconds * 1000);
        } else if (kind === 'otp') {
          await lockFromStatus();
        }
      }
      input.focus();
      return;
    }
    if (error.code === 'LOCKED') {
      input.value = '';
      say(errors, error.detail);
      if (error.problem.permanent) {
        startLock(kind, PERMANENT);
      } else {
        const seconds = error.retryAfterSeconds ?? secondsUntil(error.problem.lockedUntil) ?? 60;
        startLock(kind, serverNow() + seconds * 1000);
      }
      return;
    }
    if (!onUnhandled(error)) {
      say(errors, error.detail);
    }
  }

  // Fallback for an API that does not describe the lock on the failure that sets it: the status
  // tells how long the TOTP lock lasts, and lockedPermanently whether it lasts until a reset.
  async function lockFromStatus() {
    try {
      const status = await keyfob.status(basisToken());
      startLock('otp', status.lockedUntil && !status.lockedPermanently
        ? Date.parse(status.lockedUntil) : PERMANENT);
    } catch {
      // The next attempt answers 429 (with Retry-After when the lock is timed) instead.
    }
  }

  function isLocked(kind) {
    const lock = locks[kind];
    return lock === PERMANENT || (typeof lock === 'number' && lock > serverNow());
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
    const ticking = Object.values(locks).some((lock) => typeof lock === 'number' && lock > serverNow());
    if (!ticking) {
      destroy();
    }
  }

  function renderLock() {
    const lock = locks[mode];
    if (lock === PERMANENT) {
      lockLine.hidden = false;
      lockLine.className = 'lock lock--permanent';
      lockLine.textContent = `${current().lockedForGood} Ask an admin of your organisation, or keyfob support, to reset your two-factor authentication.`;
      setUnavailable(submit, 'locked', true);
      return;
    }
    if (typeof lock === 'number') {
      const left = Math.ceil((lock - serverNow()) / 1000);
      if (left > 0) {
        lockLine.hidden = false;
        lockLine.className = 'lock';
        fill(lockLine, 'Too many wrong attempts. You can try again in ',
          h('strong', { class: 'countdown', 'data-seconds': String(left) }, formatSeconds(left)), '.');
        setUnavailable(submit, 'locked', true);
        return;
      }
      locks[mode] = null;
      say(errors);
      announce('You can try again now.');
      const hadFocus = form.contains(document.activeElement) || document.activeElement === document.body;
      lockLine.hidden = true;
      setUnavailable(submit, 'locked', false);
      if (hadFocus) {
        current().input.focus();
      }
      return;
    }
    lockLine.hidden = true;
    setUnavailable(submit, 'locked', false);
  }

  function destroy() {
    if (timer) {
      clearInterval(timer);
      timer = null;
    }
  }

  return {
    element: form,
    focus: () => current().input.focus(),
    destroy,
  };
}

function secondsUntil(time) {
  const ms = msUntil(time);
  return ms === null ? null : Math.max(1, Math.ceil(ms / 1000));
}
