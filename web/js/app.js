// The app shell: decides which screen to show from the session and the status call
// (GET /v1/me/two-factor → nextStep NONE / ENROLL / VERIFY), renders it into <main>, moves focus
// to its heading, and handles the API answers every screen shares (expired tokens, a recent
// verification needed, enrollment required).

import { keyfob, ApiError, Interrupted, problemOf } from './api.js';
import { session } from './session.js';
import { rememberedBrowser } from './remembered-browser.js';
import { h, fill, announce } from './dom.js';
import { confirmItsYou, verifyPassword } from './dialogs.js';
import { signInScreen } from './screens/signin.js';
import { verifyScreen, lastCodeUsedScreen } from './screens/verify.js';
import { enrollScreen } from './screens/enroll.js';
import { keySetupScreen } from './screens/key-setup.js';
import { codesScreen } from './screens/codes.js';
import { homeScreen } from './screens/home.js';
import { settingsScreen } from './screens/settings/settings.js';
import { orgScreen } from './screens/org/org-settings.js';
import { supportScreen } from './screens/support.js';

const main = document.getElementById('main');
const nav = document.getElementById('site-nav');
const account = document.getElementById('account');
const accountName = document.getElementById('account-name');

// Each route() call takes a number; an answer that arrives after a newer call started is
// dropped, so a slow status call never paints over the screen the person moved on to.
let routeSeq = 0;

// The identity-provider token a remembered browser's device token was last tried with: tried
// once per sign-in, so a refused or soon rejected MFA token never loops back to it.
let deviceTriedFor = null;

const METHOD_NAMES = { pwd: 'password', google: 'Google', magic_link: 'magic link', sso: 'SSO' };

// The screens reached by address once sign-in is complete: #/<page>/<sub>. A new screen is a
// module under screens/ and a line here (and, for the header, a link in index.html).
const PAGES = {
  home: (app, status) => homeScreen(app, status),
  settings: (app, status) => settingsScreen(app, status),
  org: (app, status, sub) => orgScreen(app, sub),
  support: (app, status) => supportScreen(app, status),
};

const app = {
  /** The last status answer, or null. */
  status: null,
  /** A message for the next screen: {kind: 'success'|'warning'|'info', text}. */
  flash: null,

  /**
   * Shows a screen: replaces <main>, sets the title, moves focus to the h1 (or a given
   * element), so keyboard and screen-reader users start at the top of the new screen.
   */
  show(title, content, { focus } = {}) {
    fill(main, content);
    document.title = `${title} · keyfob demo`;
    window.scrollTo(0, 0);
    const target = focus || main.querySelector('h1');
    if (target) {
      if (!target.hasAttribute('tabindex') && !/^(INPUT|BUTTON|SELECT|TEXTAREA|A)$/.test(target.tagName)) {
        target.setAttribute('tabindex', '-1');
      }
      target.focus();
    }
  },

  /** Takes the pending flash message, if any. */
  takeFlash() {
    const flash = this.flash;
    this.flash = null;
    if (flash) {
      announce(flash.text);
    }
    return flash;
  },

  /** A callout element for a flash message (or null). */
  flashCallout() {
    const flash = this.takeFlash();
    return flash
      ? h('div', { class: `callout callout--${flash.kind}`, role: 'status' }, flash.text)
      : null;
  },

  /**
   * Calls the API with the session's token, handling what every screen shares:
   * 401 (drop the MFA token and re-check, or sign out), 403 MFA_REQUIRED (verify again, then
   * retry once) and 403 ENROLLMENT_REQUIRED (go to enrollment). Other errors are thrown.
   */
  async call(fn) {
    try {
      return await fn(session.token);
    } catch (error) {
      if (!(error instanceof ApiError)) {
        throw error;
      }
      if (error.code === 'UNAUTHENTICATED') {
        if (session.mfaToken) {
          session.dropMfa();
          this.flash = { kind: 'info', text: 'Your verification is no longer valid. Please verify again.' };
          await this.route();
        } else {
          this.signOut('Your sign-in has expired. Please sign in again.');
        }
        throw new Interrupted('unauthenticated');
      }
      if (error.code === 'MFA_REQUIRED') {
        const confirmed = await confirmItsYou(error.detail, this.status);
        if (confirmed === 'reenroll') {
          this.showLastCodeUsed();
          throw new Interrupted('reenroll');
        }
        if (!confirmed) {
          throw new Interrupted('cancelled');
        }
        return fn(session.token);
      }
      if (error.code === 'ENROLLMENT_REQUIRED') {
        await this.route();
        throw new Interrupted('enrollment required');
      }
      throw error;
    }
  },

  /** The password re-verification of organisation security changes. */
  verifyPassword() {
    return verifyPassword({ hasFactor: Boolean(this.status && this.status.enrolled), status: this.status });
  },

  /** Whether the signed-in person has a password (needed to confirm org security changes). */
  hasPassword() {
    const id = session.identity;
    return Boolean(id) && (id.amr.includes('pwd') || id.pwdSet === true);
  },

  /** Navigates to a hash route (re-rendering even when it is the current one). */
  go(hash) {
    if (location.hash === hash) {
      this.route();
    } else {
      location.hash = hash;
    }
  },

  /** Decides and shows the screen for the current session, status and hash. */
  async route() {
    routeSeq += 1;
    const seq = routeSeq;
    if (!session.signedIn) {
      updateChrome(false);
      signInScreen(this);
      return;
    }
    let status;
    try {
      status = await this.fetchStatus();
    } catch (error) {
      const problem = problemOf(error);
      if (!problem || seq !== routeSeq) {
        return;
      }
      updateChrome(false);
      this.show('Something went wrong', h('section', { class: 'panel' },
        h('h1', {}, 'keyfob is not answering'),
        h('div', { class: 'callout callout--error', role: 'alert' }, problem.detail),
        h('div', { class: 'actions' },
          h('button', { type: 'button', class: 'button button--primary', onclick: () => this.route() }, 'Try again'),
          h('button', { type: 'button', class: 'button', onclick: () => this.signOut() }, 'Sign out'))));
      return;
    }
    if (seq !== routeSeq) {
      return;
    }
    this.status = status;
    if (status.nextStep === 'VERIFY') {
      if (await this.signInWithRememberedBrowser()) {
        return;
      }
      if (seq !== routeSeq) {
        return;
      }
      updateChrome(false);
      verifyScreen(this, status);
      return;
    }
    if (status.nextStep === 'ENROLL') {
      updateChrome(false);
      enrollScreen(this, { mode: 'required' });
      return;
    }
    updateChrome(true);
    const [, page, sub] = (location.hash || '#/home').split('/');
    (Object.hasOwn(PAGES, page) ? PAGES[page] : PAGES.home)(this, status, sub);
    markCurrentNav();
  },

  /**
   * Before asking for the second factor: a device token this browser keeps for the person
   * ("Remember this browser") is tried first, once per sign-in. Resolves true when it worked (and
   * the screen is routed again); a refused one is forgotten, and the prompt says why.
   */
  async signInWithRememberedBrowser() {
    const id = session.identity;
    const deviceToken = rememberedBrowser.token(id);
    if (!deviceToken || deviceTriedFor === session.idpToken) {
      return false;
    }
    deviceTriedFor = session.idpToken;
    try {
      session.setMfa(await keyfob.signInWithDevice(session.idpToken, deviceToken));
    } catch (error) {
      const problem = problemOf(error);
      if (problem && (problem.code === 'INVALID_DEVICE_TOKEN' || problem.code === 'NOT_ENROLLED')) {
        rememberedBrowser.forget(id);
        this.flash = { kind: 'info', text: problem.detail };
      }
      return false;
    }
    this.route();
    return true;
  },

  /** GET status; an MFA token that is no longer accepted is dropped and the call repeated. */
  async fetchStatus() {
    try {
      return await keyfob.status(session.token);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'UNAUTHENTICATED') {
        if (session.mfaToken) {
          session.dropMfa();
          return this.fetchStatus();
        }
        this.signOut('Your sign-in has expired. Please sign in again.');
        throw new Interrupted('unauthenticated');
      }
      throw error;
    }
  },

  /**
   * Screens reached within a flow rather than by address. showEnroll resolves once the set-up
   * has started (or failed), so a guarded button that opens it is busy until then.
   */
  showEnroll(mode) {
    updateChrome(mode !== 'required');
    return enrollScreen(this, { mode });
  },

  /** The first-factor set-up with a security key or passkey (see showEnroll for modes). */
  showKeySetup(mode) {
    updateChrome(mode !== 'required');
    keySetupScreen(this, { mode });
  },

  showCodes(codes, context) {
    updateChrome(false);
    codesScreen(this, codes, context);
  },

  showLastCodeUsed() {
    updateChrome(false);
    lastCodeUsedScreen(this);
  },

  signOut(message) {
    session.signOut();
    this.status = null;
    this.flash = message ? { kind: 'info', text: message } : null;
    if (location.hash && location.hash !== '#/home') {
      history.replaceState(null, '', `${location.pathname}#/home`);
    }
    this.route();
  },

  methodName(amr) {
    const method = (amr || []).find((m) => METHOD_NAMES[m]);
    return method ? METHOD_NAMES[method] : 'unknown method';
  },
};

/** Header: who is signed in, and the navigation once the second factor is done. */
function updateChrome(showNav) {
  const id = session.identity;
  account.hidden = !id;
  if (id) {
    accountName.textContent = `${id.email || id.sub} · ${id.orgId} (${id.role})`;
  }
  nav.hidden = !(id && showNav);
  if (id) {
    for (const item of nav.querySelectorAll('[data-role="admin"]')) {
      item.hidden = id.role !== 'admin';
    }
    for (const item of nav.querySelectorAll('[data-role="support"]')) {
      item.hidden = id.platformRole !== 'support';
    }
  }
}

function markCurrentNav() {
  const page = (location.hash || '#/home').split('/')[1] || 'home';
  for (const link of nav.querySelectorAll('a')) {
    const linkPage = link.getAttribute('href').split('/')[1];
    if (linkPage === page) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
}

document.getElementById('sign-out').addEventListener('click', () => app.signOut('You are signed out.'));
// The skip link moves focus without touching the address, which the router owns.
document.querySelector('.skip-link').addEventListener('click', (event) => {
  event.preventDefault();
  main.focus();
  main.scrollIntoView();
});
window.addEventListener('hashchange', () => {
  if (!location.hash || location.hash.startsWith('#/')) {
    app.route();
  }
});
app.route();
