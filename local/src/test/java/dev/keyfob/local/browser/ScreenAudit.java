package dev.keyfob.local.browser;

import com.deque.html.axecore.results.CheckedNode;
import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.util.ArrayList;
import java.util.List;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * What a screen check looks for on the page as it is now: violations of axe-core's WCAG 2.1
 * A and AA rules, and text a person would see or hear that is a program's placeholder rather
 * than words ({@code null}, {@code undefined}, {@code NaN}, {@code [object Object]}).
 *
 * <p>axe runs in its legacy mode, inside the page itself: the default mode opens and closes a
 * second tab to combine frame results, which takes focus from the page under test (and the app
 * has no frames). Stateless; safe to use from any thread with its own driver.
 */
final class ScreenAudit {

  /** The axe-core tags of WCAG 2.0 and 2.1, levels A and AA. */
  static final List<String> WCAG_21_A_AA = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa");

  /**
   * Visible text nodes (and names read by assistive technology) holding a placeholder word.
   * Visually hidden text counts: a screen reader reads it. Text under display:none does not.
   */
  private static final String STRAY_TEXT = """
      const stray = /(^|[^A-Za-z])(null|undefined|NaN)([^A-Za-z]|$)|\\[object Object\\]/;
      const out = [];
      const shown = (el) => el.checkVisibility({ visibilityProperty: true });
      const where = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
          + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
      if (stray.test(document.title)) out.push('document title: "' + document.title + '"');
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement;
        if (!el || el.closest('script, style, template, noscript') || !stray.test(n.data) || !shown(el)) continue;
        out.push(where(el) + ': "' + n.data.trim().slice(0, 120) + '"');
      }
      for (const el of document.body.querySelectorAll('[aria-label], [alt], [title], [placeholder]')) {
        if (!shown(el)) continue;
        for (const name of ['aria-label', 'alt', 'title', 'placeholder']) {
          const value = el.getAttribute(name);
          if (value !== null && stray.test(value)) out.push(where(el) + ' ' + name + '="' + value + '"');
        }
      }
      return out;""";

  private ScreenAudit() {}

  /** Everything wrong on the current page, one line each; empty when the screen is clean. */
  static List<String> findings(WebDriver driver) {
    List<String> out = new ArrayList<>();
    Results axe = new AxeBuilder().withTags(WCAG_21_A_AA).setLegacyMode(true).analyze(driver);
    if (axe.isErrored()) {
      out.add("axe-core could not run: " + axe.getErrorMessage());
    }
    for (Rule rule : axe.getViolations()) {
      for (CheckedNode node : rule.getNodes()) {
        out.add("axe " + rule.getId() + " (" + rule.getImpact() + ", " + rule.getHelp() + ") at "
            + node.getTarget() + ": " + oneLine(node.getFailureSummary()));
      }
    }
    @SuppressWarnings("unchecked")
    List<String> stray = (List<String>) ((JavascriptExecutor) driver).executeScript(STRAY_TEXT);
    for (String text : stray) {
      out.add("stray text at " + text);
    }
    return out;
  }

  private static String oneLine(String text) {
    return text == null ? "" : text.replaceAll("\\s+", " ").trim();
  }
}
