// The signed-in person: who they are (as the demo identity provider was asked), the
// identity-provider token (first factor) and, once a second factor succeeded, keyfob's MFA
// token. Kept in sessionStorage only (one browser tab, gone when it closes); secrets and
// recovery codes are never stored anywhere.

import { serverNow } from './clock.js';

const KEY = 'keyfob-demo-session';

let state = load();

function load() {
  try {
    const raw = sessionStorage.getItem(KEY);
    const parsed = raw ? JSON.parse(raw) : null;
    return parsed && typeof parsed === 'object' && parsed.idpToken ? parsed : null;
  } catch {
    return null;
  }
}

function save() {
  try {
    if (state) {
      sessionStorage.setItem(KEY, JSON.stringify(state));
    } else {
      sessionStorage.removeItem(KEY);
    }
  } catch {
    // Storage may be unavailable (private mode); the session then lives in memory only.
  }
}

export const session = {
  /** Whether someone is signed in at the identity provider. */
  get signedIn() {
    return state !== null;
  },

  /**
   * {sub, email, orgId, role, method, amr, pwdSet, platformRole}, or null.
   * `method` is how the person chose to sign in; `amr` is what the current token says.
   */
  get identity() {
    return state ? state.identity : null;
  },

  get idpToken() {
    return state ? state.idpToken : null;
  },

  /** The MFA token if there is one that has not expired. */
  get mfaToken() {
    if (!state || !state.mfaToken) {
      return null;
    }
    if (state.mfaTokenExpiresAt && Date.parse(state.mfaTokenExpiresAt) <= serverNow()) {
      return null;
    }
    return state.mfaToken;
  },

  /** The token to call keyfob with: the MFA token when there is one, else the first factor. */
  get token() {
    return this.mfaToken || this.idpToken;
  },

  signIn(identity, idpToken) {
    state = { identity: { ...identity }, idpToken, mfaToken: null, mfaTokenExpiresAt: null };
    save();
  },

  /** A fresh identity-provider token for the same person (e.g. after re-entering a password). */
  replaceIdpToken(idpToken, identityChanges = {}) {
    if (!state) {
      return;
    }
    state.identity = { ...state.identity, ...identityChanges };
    state.idpToken = idpToken;
    save();
  },

  /** Keeps the MFA token of a verify, confirm or recover answer. */
  setMfa({ mfaToken, mfaTokenExpiresAt }) {
    if (!state) {
      return;
    }
    state.mfaToken = mfaToken;
    state.mfaTokenExpiresAt = mfaTokenExpiresAt || null;
    save();
  },

  /** Forgets the MFA token, e.g. after the factor was removed or it was rejected. */
  dropMfa() {
    if (!state) {
      return;
    }
    state.mfaToken = null;
    state.mfaTokenExpiresAt = null;
    save();
  },

  signOut() {
    state = null;
    save();
  },
};
