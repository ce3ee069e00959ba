package dev.keyfob.local.browser;

import com.deque.html.axecore.providers.EmbeddedResourceAxeProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.naming.OperationNotSupportedException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * What a screen check looks for on the page as it is now: violations of axe-core's WCAG 2.1
 * A and AA rules, and text a person would see or hear that is a program's placeholder rather
 * than words ({@code null}, {@code undefined}, {@code NaN}, {@code [object Object]}).
 *
 * <p>axe-core (the copy inside {@code com.deque.html.axe-core:selenium}) is loaded into the page
 * once per document and run there, asking only for violations. The library's AxeBuilder does the
 * same but loads the script again and carries every passing result back on each call, several
 * times slower; its default mode also opens a second tab, which takes focus from the page under
 * test. The app has no frames, so running in the top document sees everything. Stateless; safe
 * to use from any thread with its own driver.
 */
final class ScreenAudit {

  /** The axe-core tags of WCAG 2.0 and 2.1, levels A and AA. */
  static final List<String> WCAG_21_A_AA = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa");

  /**
   * Visible text nodes (and names read by assistive technology) holding a placeholder word.
   * Visually hidden text counts: a screen reader reads it. Text under display:none does not.
   */
  private static final String AXE_SOURCE = axeSource();

  /** Violations of the given tags, as {id, impact, help, nodes: [{target, summary}]}. */
  private static final String AXE_RUN = """
      return axe.run(document, {
        runOnly: { type: 'tag', values: arguments[0] },
        resultTypes: ['violations'],
      }).then((results) => results.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map((n) => ({ target: JSON.stringify(n.target), summary: n.failureSummary })),
      })));""";

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
    JavascriptExecutor page = (JavascriptExecutor) driver;
    if (!Boolean.TRUE.equals(page.executeScript("return typeof window.axe === 'object';"))) {
      page.executeScript(AXE_SOURCE);
    }
    List<String> out = new ArrayList<>();
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> violations =
        (List<Map<String, Object>>) page.executeScript(AXE_RUN, WCAG_21_A_AA);
    for (Map<String, Object> rule : violations) {
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> nodes = (List<Map<String, Object>>) rule.get("nodes");
      for (Map<String, Object> node : nodes) {
        out.add("axe " + rule.get("id") + " (" + rule.get("impact") + ", " + rule.get("help")
            + ") at " + node.get("target") + ": " + oneLine((String) node.get("summary")));
      }
    }
    @SuppressWarnings("unchecked")
    List<String> stray = (List<String>) page.executeScript(STRAY_TEXT);
    for (String text : stray) {
      out.add("stray text at " + text);
    }
    return out;
  }

  private static String axeSource() {
    try {
      return new EmbeddedResourceAxeProvider().getScript();
    } catch (IOException e) {
      throw new UncheckedIOException("axe-core's script is missing from its jar", e);
    } catch (OperationNotSupportedException e) {
      throw new AssertionError("the embedded provider always reads its resource", e);
    }
  }

  private static String oneLine(String text) {
    return text == null ? "" : text.replaceAll("\\s+", " ").trim();
  }
}
