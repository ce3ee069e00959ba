// Adds a security key or passkey to the signed-in person's account: keyfob's registration
// start (through app.call, since with a factor already active it needs a recent verification),
// the browser's dialog, keyfob's confirm. The answer's MFA token replaces the session's: for a
// first factor it carries the new factor version.

import { keyfob, problemOf } from './api.js';
import { session } from './session.js';
import { createCredential, KeyCeremonyError } from './webauthn.js';

/**
 * @param {object} app
 * @param {string|null} name the name the person gave, or null for keyfob's default
 * @returns {Promise<{credential: object, recoveryCodes: string[]|null}>} the confirm answer:
 *   recovery codes only when the key is the first factor
 * @throws {ApiError|Interrupted|KeyCeremonyError}
 */
export async function registerKey(app, name) {
  const started = await app.call((token) => keyfob.startRegistration(token));
  const credential = await createCredential(started.publicKey);
  const result = await app.call((token) => keyfob.confirmRegistration(token,
    started.registrationId, credential, name));
  session.setMfa(result);
  return result;
}

/** What to tell the person about a failed registration, or null when there is nothing to say. */
export function registrationMessage(error) {
  if (error instanceof KeyCeremonyError) {
    return error.aborted ? null : error.message;
  }
  const problem = problemOf(error);
  return problem ? problem.detail : null;
}
