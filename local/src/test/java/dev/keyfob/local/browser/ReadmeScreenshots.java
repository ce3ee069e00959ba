package dev.keyfob.local.browser;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.openqa.selenium.OutputType;

/**
 * Keeps the README's screenshots in {@code docs/images/} in step with the app: the browser
 * tests capture each image on every run ({@link ReadmeScreenshotsBrowserTest}), and the file is
 * rewritten only when the capture differs from it meaningfully, that is when
 *
 * <ul>
 *   <li>its size differs, or
 *   <li>a pixel outside the image's volatile regions differs by more than {@value #TOLERANCE}
 *       levels in a colour channel.
 * </ul>
 *
 * <p>Volatile regions are the boxes of the elements that differ on every run by design: the QR
 * code and setup key of a new enrollment, and times. A run that only drew another QR code or a
 * later time therefore leaves the file alone; a change of wording, layout or style rewrites it.
 * Each rewrite is printed, so that it is committed with the change that caused it.
 */
final class ReadmeScreenshots {

  /** Per-channel difference below which two pixels count as the same (anti-aliasing). */
  static final int TOLERANCE = 8;

  /** Boxes of elements in CSS pixels of the window, grown by 2 px for focus rings and blur. */
  private static final String BOXES = """
      const out = [];
      for (const selector of arguments[0]) {
        for (const el of document.querySelectorAll(selector)) {
          const r = el.getBoundingClientRect();
          if (r.width && r.height) out.push({ x: r.left - 2, y: r.top - 2, w: r.width + 4, h: r.height + 4 });
        }
      }
      return out;""";

  private ReadmeScreenshots() {}

  /**
   * Captures the window as {@code docs/images/<name>}, unless the file there already shows the
   * same outside the elements matching {@code volatileSelectors}.
   *
   * @return whether the file was written
   */
  static boolean save(Browser browser, String name, String... volatileSelectors)
      throws IOException {
    Path file = Repo.root().resolve("docs/images").resolve(name);
    List<Rectangle> masks = boxes(browser, volatileSelectors);
    byte[] png = browser.driver().getScreenshotAs(OutputType.BYTES);
    if (Files.isRegularFile(file)
        && !differs(ImageIO.read(file.toFile()), ImageIO.read(new ByteArrayInputStream(png)), masks)) {
      return false;
    }
    Files.createDirectories(file.getParent());
    Files.write(file, png);
    System.out.println("[readme screenshots] docs/images/" + name + " changed and was rewritten");
    return true;
  }

  /** Whether {@code b} differs from {@code a} outside {@code masks}; see the class comment. */
  static boolean differs(BufferedImage a, BufferedImage b, List<Rectangle> masks) {
    if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
      return true;
    }
    for (int y = 0; y < a.getHeight(); y++) {
      for (int x = 0; x < a.getWidth(); x++) {
        if (!masked(masks, x, y) && !close(a.getRGB(x, y), b.getRGB(x, y))) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean masked(List<Rectangle> masks, int x, int y) {
    for (Rectangle r : masks) {
      if (r.contains(x, y)) {
        return true;
      }
    }
    return false;
  }

  private static boolean close(int p, int q) {
    for (int shift = 0; shift <= 24; shift += 8) {
      if (Math.abs(((p >>> shift) & 0xff) - ((q >>> shift) & 0xff)) > TOLERANCE) {
        return false;
      }
    }
    return true;
  }

  private static List<Rectangle> boxes(Browser browser, String... selectors) {
    Number ratio = (Number) browser.script("return window.devicePixelRatio;");
    @SuppressWarnings("unchecked")
    List<Map<String, Number>> found = (List<Map<String, Number>>) browser.script(BOXES,
        List.of(selectors));
    List<Rectangle> out = new ArrayList<>();
    for (Map<String, Number> box : found) {
      double k = ratio.doubleValue();
      out.add(new Rectangle((int) Math.floor(box.get("x").doubleValue() * k),
          (int) Math.floor(box.get("y").doubleValue() * k),
          (int) Math.ceil(box.get("w").doubleValue() * k) + 1,
          (int) Math.ceil(box.get("h").doubleValue() * k) + 1));
    }
    return out;
  }
}
