package dev.keyfob.local.browser;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.NotFoundException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;

/** Reads QR codes from PNG bytes or data URIs with zxing, and takes otpauth URIs apart. */
final class QrCodes {

  private QrCodes() {}

  /** The text of the QR code in a {@code data:image/png;base64,...} URI. */
  static String decodeDataUri(String dataUri) {
    if (!dataUri.startsWith("data:image/png;base64,")) {
      throw new AssertionError("not a PNG data URI: "
          + dataUri.substring(0, Math.min(40, dataUri.length())));
    }
    return decodePng(Base64.getDecoder().decode(dataUri.substring(dataUri.indexOf(',') + 1)));
  }

  /**
   * The text of the QR code in a PNG (a screenshot will do). Read as a camera would first; a
   * code that zxing's finder pattern search misreads (about 1.5% of perfect images, which
   * zbarimg reads) is read again as the pure, upright image a page shows.
   */
  static String decodePng(byte[] png) {
    System.setProperty("java.awt.headless", "true");
    BufferedImage image;
    try {
      image = ImageIO.read(new ByteArrayInputStream(png));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      return read(image, DecodeHintType.TRY_HARDER);
    } catch (NotFoundException asACamera) {
      try {
        return read(image, DecodeHintType.PURE_BARCODE);
      } catch (NotFoundException e) {
        e.addSuppressed(asACamera);
        throw new AssertionError("no QR code found in the image", e);
      }
    }
  }

  private static String read(BufferedImage image, DecodeHintType hint) throws NotFoundException {
    BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(
        new BufferedImageLuminanceSource(image)));
    return new MultiFormatReader().decode(bitmap, Map.of(hint, true)).getText();
  }

  /** The query parameters of an otpauth URI, decoded. */
  static Map<String, String> otpauthParameters(String uri) {
    URI parsed = URI.create(uri);
    if (!"otpauth".equals(parsed.getScheme()) || !"totp".equals(parsed.getHost())) {
      throw new AssertionError("not an otpauth://totp URI: " + parsed.getScheme() + "://"
          + parsed.getHost());
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : parsed.getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    out.put("label", URLDecoder.decode(parsed.getRawPath().substring(1), StandardCharsets.UTF_8));
    return out;
  }
}
