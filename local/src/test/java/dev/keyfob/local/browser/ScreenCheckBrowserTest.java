package dev.keyfob.local.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The screen check every journey relies on finds what it is there for. Defects are planted in
 * the real sign-in screen, then removed again so the journey ends on a clean screen.
 */
class ScreenCheckBrowserTest {

  @RegisterExtension
  static final KeyfobUnderTest KEYFOB = new KeyfobUnderTest();

  @RegisterExtension
  final Browser browser = new Browser(KEYFOB);

  @Test
  void strayPlaceholderTextAndAnUnlabelledFieldAreFoundAndHiddenTextIsNot() {
    browser.open("/").waitHeading("Sign in").checkScreen();
    assertEquals(List.of(), ScreenAudit.findings(browser.driver()), "the screen starts clean");

    browser.script("""
        const main = document.querySelector('main');
        const add = (tag, id, text, cls) => {
          const el = document.createElement(tag);
          el.id = id;
          if (cls) el.className = cls;
          // The DOM's own append writes null and undefined as words: the defect to catch.
          el.append(text);
          main.appendChild(el);
          return el;
        };
        add('p', 'planted-null', null);
        add('span', 'planted-undefined', undefined, 'visually-hidden');
        add('p', 'planted-nan', 'Codes left: ' + Number('x'));
        add('p', 'planted-object', String({}));
        add('p', 'planted-hidden', null).hidden = true;
        add('p', 'planted-word', 'The old codes are annulled.');
        const field = document.createElement('input');
        field.id = 'planted-unlabelled';
        main.appendChild(field);""");

    List<String> found = ScreenAudit.findings(browser.driver());
    for (String id : List.of("planted-null", "planted-undefined", "planted-nan", "planted-object")) {
      assertTrue(found.stream().anyMatch(f -> f.startsWith("stray text at p#" + id)
          || f.startsWith("stray text at span#" + id)), id + " is reported: " + found);
    }
    assertTrue(found.stream().noneMatch(f -> f.contains("planted-hidden")), "hidden text is not read: " + found);
    assertTrue(found.stream().noneMatch(f -> f.contains("planted-word")), "a word is not a placeholder: " + found);
    assertTrue(found.stream().anyMatch(f -> f.startsWith("axe label ") && f.contains("planted-unlabelled")),
        "axe reports the field without a label: " + found);

    browser.script("for (const el of document.querySelectorAll('[id^=\"planted-\"]')) el.remove();");
  }
}
