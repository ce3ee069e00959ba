// The second-factor form used at sign-in, when a change needs a recent verification, and
// after a fresh password sign-in. It offers the ways the person has (second-factor-ways.js: a
// security key first when they have one, the app, a recovery code), shows the API's refusals
// with attempts left, and a live countdown while a lock lasts. Each way locks on its own.
// At sign-in it may also offer "Remember this browser", when the org allows it.

import { keyfob, ApiError } from './api.js';
import { serverNow, msUntil } from './clock.js';
import {
  h, fill, field, setFieldError, requiredValue, errorRegion, say, announce, formatSeconds, nextId, plural,
} from './dom.js';
import { guarded, setUnavailable } from './busy.js';
import { WAYS, waysFor } from './second-factor-ways.js';
import { KeyCeremonyError } from './webauthn.js';

const PERMANENT = 'permanent';

/**
 * @param {object} options
 * @param {() => string} options.basisToken the token to verify with (the identity-provider token)
 * @param {(result: object, kind: 'key'|'otp'|'recovery') => void} options.onSuccess
 * @param {object} [options.status] the status answer: `methods` decide the ways offered, and
 *   `lockedUntil` / `webauthnLockedUntil` a lock already running
 * @param {number} [options.rememberDays] above 0: offer "Remember this browser for N days"
 * @param {string} [options.otpSubmitLabel]
 * @param {(error: ApiError) => boolean} [options.onUnhandled] may take over other errors
 * @returns {{element: HTMLElement, firstWay: string, initialFocus: () => HTMLElement,
 *   focus: () => void, destroy: () => void}} initialFocus: the control a dialog starts on
 */
export function secondFactorForm({
  basisToken, onSuccess, status = null, rememberDays = 0, otpSubmitLabel = 'Verify',
  onUnhandled = () => false,
}) {
  const options = { otpSubmitLabel };
  const formId = nextId('second-factor');
  const errors = errorRegion();
  errors.id = `${formId}-errors`;
  // Lock ends per way, in the API's time (epoch ms), or PERMANENT.
  const locks = {};
  const ways = {};
  for (const key of waysFor(status && status.methods)) {
    const way = WAYS[key];
    const { label, hint, input } = way.control(formId);
    let wrapper;
    if (input) {
      wrapper = field({ label, hint, control: input });
      input.setAttribute('aria-describedby', `${input.getAttribute('aria-describedby')} ${errors.id}`);
    } else {
      wrapper = h('div', { class: 'field' }, h('p', { class: 'field__label' }, label), hint);
    }
    ways[key] = { ...way, input, wrapper };
    locks[key] = null;
  }
  const order = Object.keys(ways);
  let mode = order[0];
  let timer = null;
  // The running key ceremony, stopped when the person turns to another way.
  let ceremony = null;

  const remember = rememberDays > 0
    ? h('input', { type: 'checkbox', id: `${formId}-remember`, name: 'rememberDevice' })
    : null;
  const lockLine = h('p', { class: 'lock', role: 'timer', 'aria-live': 'off', hidden: true });
  const submit = h('button', { type: 'submit', class: 'button button--primary' });
  const switches = order.length > 1 ? order.map((key) => h('button', {
    type: 'button', class: 'link-button', 'data-way': key, onclick: () => switchTo(key),
  }, ways[key].switchLabel)) : [];

  const form = h('form', { class: 'second-factor', novalidate: true, onsubmit: guarded(handleSubmit) },
    Object.values(ways).map((way) => way.wrapper),
    remember ? h('div', { class: 'check remember' }, remember,
      h('label', { for: remember.id }, `Remember this browser for ${plural(rememberDays, 'day', 'days')}`,
        h('span', { class: 'check__hint' },
          ' — no second factor when you sign in here until then. Leave it unticked on a computer others use.'))) : null,
    errors, lockLine,
    h('div', { class: 'actions' }, submit),
    switches.length ? h('p', { class: 'second-factor__switch' }, switches) : null);
  showWay();

  if (status) {
    for (const key of order) {
      const until = ways[key].statusLock ? status[ways[key].statusLock] : null;
      if (until) {
        startLock(key, Date.parse(until));
      }
    }
  }

  function current() {
    return ways[mode];
  }

  function focusWay() {
    (current().input || submit).focus();
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
    if (ceremony) {
      ceremony.abort();
    }
    mode = key;
    showWay();
    say(errors);
    if (current().input) {
      setFieldError(current().input, '');
    }
    renderLock();
    focusWay();
  }

  async function handleSubmit() {
    if (isLocked(mode)) {
      say(errors, lockLine.textContent);
      return;
    }
    const kind = mode;
    const { input } = current();
    const value = input ? requiredValue(input, current().missing) : null;
    say(errors);
    if (input && value === null) {
      return;
    }
    ceremony = new AbortController();
    try {
      const result = await ways[kind].send(basisToken(), value, Boolean(remember && remember.checked),
        ceremony.signal);
      if (input) {
        input.value = '';
      }
      onSuccess(result, kind);
    } catch (error) {
      if (error instanceof KeyCeremonyError) {
        if (!error.aborted) {
          say(errors, error.message);
        }
        return;
      }
      if (!(error instanceof ApiError)) {
        throw error;
      }
      await showError(error, kind, input);
    } finally {
      ceremony = null;
      renderLock();
    }
  }

  async function showError(error, kind, input) {
    if (error.code === ways[kind].wrongCode) {
      if (input) {
        input.value = '';
        input.setAttribute('aria-invalid', 'true');
      }
      say(errors, error.detail);
      if (error.problem.attemptsRemaining === 0) {
        // The failure that sets a lock says so: permanent, or until when (Retry-After).
        if (error.problem.permanent) {
          startLock(kind, PERMANENT);
        } else if (error.retryAfterSeconds) {
          startLock(kind, serverNow() + error.retryAfterSeconds * 1000);
        } else if (ways[kind].statusLock) {
          await lockFromStatus(kind);
        }
      }
      if (kind === mode) {
        focusWay();
      }
      return;
    }
    if (error.code === 'LOCKED') {
      if (input) {
        input.value = '';
      }
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
  // tells how long the lock of this way lasts, and lockedPermanently whether it lasts until a
  // reset.
  async function lockFromStatus(kind) {
    try {
      const latest = await keyfob.status(basisToken());
      const until = latest[ways[kind].statusLock];
      startLock(kind, until && !latest.lockedPermanently ? Date.parse(until) : PERMANENT);
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
        focusWay();
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
    firstWay: order[0],
    initialFocus: () => current().input || submit,
    focus: focusWay,
    destroy,
  };
}

function secondsUntil(time) {
  const ms = msUntil(time);
  return ms === null ? null : Math.max(1, Math.ceil(ms / 1000));
}
