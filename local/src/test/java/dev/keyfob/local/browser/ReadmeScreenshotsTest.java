package dev.keyfob.local.browser;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rule that decides when a README screenshot is rewritten. */
class ReadmeScreenshotsTest {

  @Test
  void anIdenticalCaptureIsNotAChange() {
    assertFalse(ReadmeScreenshots.differs(image(0xffffff), image(0xffffff), List.of()));
  }

  @Test
  void aPixelOutsideTheVolatileRegionsIsAChange() {
    BufferedImage changed = image(0xffffff);
    changed.setRGB(50, 50, 0x000000);
    assertTrue(ReadmeScreenshots.differs(image(0xffffff), changed, List.of(new Rectangle(0, 0, 10, 10))));
  }

  @Test
  void aChangeInsideAVolatileRegionIsNot() {
    BufferedImage changed = image(0xffffff);
    changed.setRGB(5, 5, 0x000000);
    assertFalse(ReadmeScreenshots.differs(image(0xffffff), changed, List.of(new Rectangle(0, 0, 10, 10))));
  }

  @Test
  void antiAliasingWithinTheToleranceIsNotAChangeButMoreIs() {
    int within = 0xff - ReadmeScreenshots.TOLERANCE;
    BufferedImage slight = image(0xffffff);
    slight.setRGB(50, 50, within << 16 | 0xffff);
    assertFalse(ReadmeScreenshots.differs(image(0xffffff), slight, List.of()));
    BufferedImage more = image(0xffffff);
    more.setRGB(50, 50, (within - 1) << 16 | 0xffff);
    assertTrue(ReadmeScreenshots.differs(image(0xffffff), more, List.of()));
  }

  @Test
  void anotherSizeIsAChange() {
    assertTrue(ReadmeScreenshots.differs(image(0xffffff), new BufferedImage(100, 99,
        BufferedImage.TYPE_INT_RGB), List.of()));
  }

  private static BufferedImage image(int rgb) {
    BufferedImage image = new BufferedImage(100, 100, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 100; y++) {
      for (int x = 0; x < 100; x++) {
        image.setRGB(x, y, rgb);
      }
    }
    return image;
  }
}
