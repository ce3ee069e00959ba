// Small DOM helpers: element creation without innerHTML, form fields with accessible errors,
// announcements for screen readers, clipboard and file download, and formatting.
//
// Children reach the page only through append() (and h(), fill(), say(), which use it). The
// DOM's own Element.append and replaceChildren write null and undefined as the words "null"
// and "undefined"; append() leaves them out, so a conditional child can simply be null.

/**
 * Creates an element. Props: `class`, `text`, `on<event>` handlers, anything else as an
 * attribute (true for a bare attribute, false/null/undefined to leave it out). Children as for
 * append().
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (key === 'class') {
      el.className = value;
    } else if (key === 'text') {
      el.textContent = value;
    } else if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2).toLowerCase(), value);
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  return append(el, ...children);
}

/**
 * Adds children at the end of `parent`: nodes as they are, strings and numbers as text, arrays
 * flattened; null, undefined and false are left out. Returns `parent`.
 */
export function append(parent, ...children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    if (Array.isArray(child)) {
      append(parent, ...child);
    } else {
      parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }
  return parent;
}

/** Replaces an element's children; children as for append(). */
export function fill(el, ...children) {
  el.textContent = '';
  return append(el, ...children);
}

let uid = 0;
/** A document-unique id with a readable prefix. */
export function nextId(prefix) {
  uid += 1;
  return `${prefix}-${uid}`;
}

/** Says something politely to screen readers (and nothing visible). */
export function announce(message) {
  const region = document.getElementById('announcer');
  if (!region) {
    return;
  }
  region.textContent = '';
  // A separate task, so that the same message twice is still announced.
  setTimeout(() => {
    region.textContent = message;
  }, 50);
}

/**
 * A labelled form field: label, optional hint, the control, and an error line that
 * setFieldError fills. The control gets aria-describedby for hint and error.
 */
export function field({ label, hint, control, optional = false, className = '' }) {
  const id = control.id || nextId('field');
  control.id = id;
  const hintEl = hint ? h('p', { class: 'field__hint', id: `${id}-hint` }, hint) : null;
  const errorEl = h('p', { class: 'field__error', id: `${id}-error`, hidden: true });
  const describedBy = [hintEl ? hintEl.id : null, errorEl.id].filter(Boolean).join(' ');
  control.setAttribute('aria-describedby', describedBy);
  return h('div', { class: `field ${className}`.trim() },
    h('label', { for: id, class: 'field__label' }, label,
      optional ? h('span', { class: 'field__optional' }, ' (optional)') : null),
    hintEl, control, errorEl);
}

/** Shows (or, with an empty message, clears) the error of a control made by field(). */
export function setFieldError(control, message) {
  const errorEl = document.getElementById(`${control.id}-error`);
  if (message) {
    control.setAttribute('aria-invalid', 'true');
    if (errorEl) {
      errorEl.textContent = message;
      errorEl.hidden = false;
    }
  } else {
    control.removeAttribute('aria-invalid');
    if (errorEl) {
      errorEl.textContent = '';
      errorEl.hidden = true;
    }
  }
}

/**
 * The trimmed value of a control made by field(). When it is empty, shows `message` as the
 * control's error, moves focus to it (unless `focus` is false) and returns null; otherwise
 * clears the error.
 */
export function requiredValue(control, message, { focus = true } = {}) {
  const value = control.value.trim();
  setFieldError(control, value ? '' : message);
  if (!value && focus) {
    control.focus();
  }
  return value || null;
}

/** A region for a form's overall error; role=alert makes screen readers read it at once. */
export function errorRegion() {
  return h('div', { class: 'form-error', role: 'alert' });
}

/** A region for outcomes that should be read politely. */
export function statusRegion(className = 'form-status') {
  return h('div', { class: className, role: 'status' });
}

/** Puts text (or nodes) in a region made by errorRegion/statusRegion; empty clears it. */
export function say(region, ...content) {
  fill(region, ...content);
}

/** Like say, then scrolls the region into view: for errors below a long form. */
export function sayInView(region, ...content) {
  say(region, ...content);
  region.scrollIntoView({ block: 'nearest' });
}

/** Copies text to the clipboard; resolves true when it worked. */
export async function copyText(text) {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Fall through to the selection-based way.
  }
  const area = h('textarea', { class: 'visually-hidden', readonly: true, 'aria-hidden': 'true' });
  area.value = text;
  append(document.body, area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  area.remove();
  return ok;
}

/** Offers text as a file download. */
export function downloadText(filename, text) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const link = h('a', { href: url, download: filename, class: 'visually-hidden' });
  append(document.body, link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const timeOnly = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });
const shortDateTime = new Intl.DateTimeFormat(undefined, {
  day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit',
});

/** A contract time (RFC 3339) for people, or the fallback when absent. */
export function formatTime(value, fallback = '—') {
  if (!value) {
    return fallback;
  }
  const t = Date.parse(value);
  return Number.isNaN(t) ? fallback : dateTime.format(new Date(t));
}

export function formatClock(value) {
  const t = Date.parse(value);
  return Number.isNaN(t) ? '' : timeOnly.format(new Date(t));
}

/** A <time> element for a contract time; `short` leaves out the year (full time as a tooltip). */
export function timeEl(value, fallback = '—', { short = false } = {}) {
  if (!value) {
    return fallback;
  }
  const t = Date.parse(value);
  if (Number.isNaN(t) || !short) {
    return h('time', { datetime: value }, formatTime(value, fallback));
  }
  return h('time', { datetime: value, title: formatTime(value) }, shortDateTime.format(new Date(t)));
}

/** "45 seconds", "1 second", "3 minutes" (rounded up beyond two minutes). */
export function formatSeconds(seconds) {
  const s = Math.max(0, Math.ceil(seconds));
  if (s < 120) {
    return `${s} ${s === 1 ? 'second' : 'seconds'}`;
  }
  return `${Math.ceil(s / 60)} minutes`;
}

/** "1 code", "7 codes". */
export function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}

/** A TOTP secret in groups of four for reading and typing. */
export function groupsOfFour(secret) {
  return secret.replace(/\s+/g, '').match(/.{1,4}/g).join(' ');
}
