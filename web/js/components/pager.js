// The one pager for every listing the API pages with an opaque cursor (members, audit events):
// the first page, a "Load more" button for the next ones, and an error line. A page that
// answers after a newer reload started is dropped, so a slow answer never mixes two loads.

import { problemOf } from '../api.js';
import { h, append, fill, errorRegion, say, announce } from '../dom.js';
import { guarded } from '../busy.js';

/**
 * @param {object} options
 * @param {HTMLElement} options.list the element the items go into (a tbody, an ol)
 * @param {(cursor: string|null) => Promise<{items: object[], nextCursor: string|null}>} options.fetchPage
 *   one page: the first for a null cursor
 * @param {(item: object) => HTMLElement} options.renderItem
 * @param {() => HTMLElement} options.renderEmpty shown in the list when there is no item at all
 * @param {string} options.moreId the id of the "Load more" button
 * @param {string} options.moreLabel its text
 * @param {(count: number) => string} options.describe e.g. "3 members", for announcing a page
 * @returns {{errors: HTMLElement, more: HTMLElement, reload: () => Promise<void>}}
 *   the error line and the button, for the caller to place; reload() loads the first page again
 */
export function pager({ list, fetchPage, renderItem, renderEmpty, moreId, moreLabel, describe }) {
  const errors = errorRegion();
  const more = h('button', { type: 'button', class: 'button', id: moreId, hidden: true }, moreLabel);
  let cursor = null;
  let generation = 0;

  async function load(fresh) {
    if (fresh) {
      generation += 1;
    }
    const mine = generation;
    say(errors);
    let page;
    try {
      page = await fetchPage(fresh ? null : cursor);
    } catch (error) {
      const problem = problemOf(error);
      if (problem && mine === generation) {
        say(errors, problem.detail);
      }
      return null;
    }
    if (mine !== generation) {
      return null;
    }
    if (fresh) {
      fill(list);
    }
    const added = page.items.map(renderItem);
    append(list, added);
    if (!list.children.length) {
      append(list, renderEmpty());
    }
    cursor = page.nextCursor || null;
    more.hidden = !cursor;
    return added;
  }

  async function loadMore() {
    const added = await load(false);
    if (!added) {
      return;
    }
    announce(`${describe(added.length)} more.`);
    // The last page hides the button that had focus: keyboard users go on at the first new item.
    const focus = document.activeElement;
    if (more.hidden && added.length && (focus === more || focus === document.body)) {
      added[0].tabIndex = -1;
      added[0].focus();
    }
  }

  more.addEventListener('click', guarded(loadMore, [more]));
  return { errors, more, reload: async () => { await load(true); } };
}
