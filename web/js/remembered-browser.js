// "Remember this browser": the device token a sign-in answered when the person ticked the box,
// kept in localStorage (it must outlive the tab, unlike the session) under a key per user and
// org, with its expiry. The next sign-in of that person in that org tries it first
// (POST /v1/me/two-factor/device). The token never goes into an address, the page or a log.
//
// A real product keeps it where page scripts cannot read it: its own backend sets it as an
// HttpOnly cookie and calls keyfob with it. This demo has no backend of its own.

import { msUntil } from './clock.js';

const PREFIX = 'keyfob-demo-remembered';

function keyOf(identity) {
  // User and org ids never hold a slash.
  return `${PREFIX}/${identity.orgId}/${identity.sub}`;
}

function read(identity) {
  try {
    const raw = localStorage.getItem(keyOf(identity));
    const parsed = raw ? JSON.parse(raw) : null;
    return parsed && typeof parsed.token === 'string' ? parsed : null;
  } catch {
    return null;
  }
}

export const rememberedBrowser = {
  /** Keeps the device token of a sign-in answer; an answer without one changes nothing. */
  keep(identity, { deviceToken, deviceTokenExpiresAt }) {
    if (!identity || !deviceToken) {
      return;
    }
    try {
      localStorage.setItem(keyOf(identity),
        JSON.stringify({ token: deviceToken, expiresAt: deviceTokenExpiresAt || null }));
    } catch {
      // Without storage this browser simply is not remembered.
    }
  },

  /** The stored device token of this person in this org, unless it has expired. */
  token(identity) {
    const stored = identity ? read(identity) : null;
    if (!stored) {
      return null;
    }
    const left = msUntil(stored.expiresAt);
    if (left !== null && left <= 0) {
      this.forget(identity);
      return null;
    }
    return stored.token;
  },

  /** Until when this browser is remembered for the person, or null. */
  expiresAt(identity) {
    return this.token(identity) ? read(identity).expiresAt : null;
  },

  forget(identity) {
    try {
      localStorage.removeItem(keyOf(identity));
    } catch {
      // Nothing stored, nothing to forget.
    }
  },
};
