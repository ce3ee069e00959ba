// Guards for actions that change something: a double click, Enter pressed twice or a second
// click while the request runs must send the request once.
//
// A guarded action drops every call that arrives while its previous call is still running, so
// the guard holds whatever starts the action (a click, a form's submit by Enter, a script).
// Its controls are marked aria-disabled meanwhile rather than disabled: a disabled button
// loses keyboard focus in Chromium, and a keyboard user would be thrown back to the top of the
// page in the middle of a change.

const reasons = new WeakMap();

/**
 * Marks a control unavailable for a reason, or available again. It stays aria-disabled while
 * any reason holds, so a lock and a running request can overlap without one undoing the other.
 */
export function setUnavailable(control, reason, unavailable) {
  let held = reasons.get(control);
  if (!held) {
    held = new Set();
    reasons.set(control, held);
  }
  if (unavailable) {
    held.add(reason);
  } else {
    held.delete(reason);
  }
  if (held.size) {
    control.setAttribute('aria-disabled', 'true');
  } else {
    control.removeAttribute('aria-disabled');
  }
}

/**
 * A lock shared by the actions of one screen that must not overlap (say, two toggles of the
 * same settings). Returns `guard(action, controls)`, which wraps an async action as an event
 * handler: while any action of this lock runs, further calls are dropped (a submit event is
 * still prevented, so the browser never submits the form itself) and the controls are marked
 * busy. Controls: an array, or a function of the event returning one; by default the button
 * that submitted the form, or the element the click handler is on.
 */
export function busyLock() {
  let running = false;
  return function guard(action, controls = controlsOf) {
    return async function guarded(event) {
      if (event && event.type === 'submit') {
        event.preventDefault();
      }
      if (running) {
        return undefined;
      }
      running = true;
      const marked = (typeof controls === 'function' ? controls(event) : controls).filter(Boolean);
      for (const control of marked) {
        setUnavailable(control, 'busy', true);
        control.dataset.busy = 'true';
      }
      try {
        return await action(event);
      } finally {
        running = false;
        for (const control of marked) {
          setUnavailable(control, 'busy', false);
          delete control.dataset.busy;
        }
      }
    };
  };
}

function controlsOf(event) {
  if (!event || !event.currentTarget) {
    return [];
  }
  if (event.type === 'submit') {
    return [event.submitter || event.currentTarget.querySelector('[type=submit]')];
  }
  return [event.currentTarget];
}

/** A guarded action with a lock of its own; see busyLock(). */
export function guarded(action, controls) {
  return busyLock()(action, controls);
}
