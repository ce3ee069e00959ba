// A tab strip after the WAI-ARIA tabs pattern: one tab in the focus order, arrow keys, Home
// and End move between tabs, and each panel is rendered the first time its tab is selected.

import { h } from '../dom.js';

/**
 * @param {object} options
 * @param {string} options.label the accessible name of the tab list
 * @param {{key: string, label: string, render: (panel: HTMLElement) => void}[]} options.items
 * @param {(key: string) => void} [options.onSelect] called on every selection
 * @returns {{tablist: HTMLElement, panels: HTMLElement[], select: (key: string, moveFocus: boolean) => void}}
 */
export function tabs({ label, items, onSelect = () => {} }) {
  const rendered = new Set();
  const buttons = items.map((item) => h('button', {
    type: 'button', role: 'tab', id: `tab-${item.key}`, 'aria-controls': `panel-${item.key}`,
    class: 'tab', onclick: () => select(item.key, true),
  }, item.label));
  const panels = items.map((item) => h('div', {
    role: 'tabpanel', id: `panel-${item.key}`, 'aria-labelledby': `tab-${item.key}`, tabindex: '0',
    class: 'tabpanel',
  }));
  const tablist = h('div', { class: 'tabs', role: 'tablist', 'aria-label': label, onkeydown: keys }, buttons);

  function select(key, moveFocus) {
    const index = Math.max(0, items.findIndex((item) => item.key === key));
    buttons.forEach((button, i) => {
      button.setAttribute('aria-selected', String(i === index));
      button.tabIndex = i === index ? 0 : -1;
      panels[i].hidden = i !== index;
    });
    if (moveFocus) {
      buttons[index].focus();
    }
    const item = items[index];
    onSelect(item.key);
    if (!rendered.has(item.key)) {
      rendered.add(item.key);
      item.render(panels[index]);
    }
  }

  function keys(event) {
    const index = buttons.indexOf(document.activeElement);
    if (index < 0) {
      return;
    }
    const last = buttons.length - 1;
    const next = {
      ArrowRight: index === last ? 0 : index + 1,
      ArrowLeft: index === 0 ? last : index - 1,
      Home: 0,
      End: last,
    }[event.key];
    if (next !== undefined) {
      event.preventDefault();
      select(items[next].key, true);
    }
  }

  return { tablist, panels, select };
}
