// What the forms acting on the members selected in the table share: their message regions,
// and the selection itself or a request to make one.

import { errorRegion, statusRegion, say } from '../../dom.js';

/**
 * The error and result regions of a form, with ids from its name.
 *
 * @param {string} name e.g. 'reset' gives reset-errors and reset-results
 * @returns {{errors: HTMLElement, results: HTMLElement}}
 */
export function formRegions(name) {
  const errors = errorRegion();
  errors.id = `${name}-errors`;
  const results = statusRegion('results');
  results.id = `${name}-results`;
  return { errors, results };
}

/**
 * The selected user ids; with none, asks for a selection in `errors` and returns null.
 *
 * @param {import('./members.js').Selection} selection
 * @param {HTMLElement} errors
 * @returns {string[]|null}
 */
export function selectedIds(selection, errors) {
  const userIds = selection.ids();
  if (userIds.length === 0) {
    say(errors, 'Select at least one member in the table above.');
    selection.focus();
    return null;
  }
  return userIds;
}
