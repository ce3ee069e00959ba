// Organisation security changes need a fresh password sign-in (403 STEP_UP_REQUIRED, or
// PASSWORD_REQUIRED for someone without a password).

import { problemOf } from '../../api.js';
import { h, say } from '../../dom.js';

/**
 * Runs a change that needs a fresh password sign-in. A person with a password always confirms
 * it first (and a code when they have a factor); for someone without one, keyfob's 403
 * PASSWORD_REQUIRED explains what to do. Resolves the answer, or null after showing why not in
 * `errors`.
 *
 * @param {object} app
 * @param {HTMLElement} errors the region for the reason a change did not happen
 * @param {(token: string) => Promise<object>} change
 */
export async function withFreshPassword(app, errors, change) {
  if (app.hasPassword() && !(await app.verifyPassword())) {
    return null;
  }
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      return await app.call(change);
    } catch (caught) {
      const error = problemOf(caught);
      if (!error) {
        return null;
      }
      if (error.code === 'STEP_UP_REQUIRED' && attempt === 0 && app.hasPassword()) {
        if (!(await app.verifyPassword())) {
          return null;
        }
        continue;
      }
      if (error.code === 'PASSWORD_REQUIRED') {
        say(errors, h('strong', {}, 'Set a password first. '), error.detail, ' ',
          'In this demo: sign out, then sign in again with “Has a password” ticked.');
      } else {
        say(errors, error.detail);
      }
      return null;
    }
  }
  return null;
}
