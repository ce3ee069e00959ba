package dev.keyfob.totp;

import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import com.google.zxing.qrcode.encoder.Encoder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Renders text, in practice an {@link OtpauthUri}, as a QR code (ISO/IEC 18004) for
 * authenticator apps to scan: as a PNG data URI (RFC 2397, PNG per RFC 2083) and as SVG.
 *
 * <p>Error correction level M; the smallest QR version that fits. Text is encoded as UTF-8:
 * ASCII text (every otpauth URI, since it is percent-encoded) goes in byte mode without an ECI
 * header, which every scanner reads; other text carries the UTF-8 ECI designator. Both
 * renderings have the quiet zone of {@value #QUIET_ZONE_MODULES} light modules the standard
 * requires, dark modules on a white background whatever the page's colour scheme.
 *
 * <p>The PNG is a 1-bit greyscale image written by this class (IHDR, one IDAT, IEND)
 * with each module scaled to 4 to 6 pixels, about 200 to 300 pixels wide for an otpauth URI. It
 * deliberately avoids {@code java.awt} and {@code javax.imageio}: they are slow to load in a
 * Lambda cold start and some need a window system. All use of zxing is confined to this class so
 * that functions which never enroll never load it.
 *
 * <p>Stateless and thread-safe.
 */
public final class QrCodes {

  /** Light modules around the symbol on every side, as ISO/IEC 18004 requires. */
  public static final int QUIET_ZONE_MODULES = 4;

  /** Roughly the PNG width aimed for; the module size is rounded to whole pixels. */
  private static final int TARGET_PIXELS = 250;
  private static final int MIN_MODULE_PIXELS = 4;
  private static final int MAX_MODULE_PIXELS = 6;

  private static final byte[] PNG_SIGNATURE = {
      (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  private QrCodes() {}

  /**
   * @param text what the QR code carries, at most about 2,300 UTF-8 bytes
   * @return {@code data:image/png;base64,...}
   * @throws IllegalArgumentException if the text does not fit in a QR code
   */
  public static String pngDataUri(String text) {
    return "data:image/png;base64," + Base64.getEncoder().encodeToString(png(text));
  }

  /**
   * A standalone SVG document (no XML declaration, so it can also be inlined in HTML). Its
   * {@code viewBox} counts modules, quiet zone included; {@code width} and {@code height} give
   * the same pixel size as the PNG and may be overridden by CSS. The dark modules are one
   * {@code <path>} drawn with {@code shape-rendering="crispEdges"}.
   *
   * @param text what the QR code carries, at most about 2,300 UTF-8 bytes
   * @return the SVG markup
   * @throws IllegalArgumentException if the text does not fit in a QR code
   */
  public static String svg(String text) {
    boolean[][] dark = modules(text);
    int size = dark.length;
    int pixels = size * modulePixels(size);
    StringBuilder path = new StringBuilder();
    for (int y = 0; y < size; y++) {
      int x = 0;
      while (x < size) {
        if (!dark[y][x]) {
          x++;
          continue;
        }
        int start = x;
        while (x < size && dark[y][x]) {
          x++;
        }
        // One rectangle per horizontal run of dark modules keeps the path short.
        int run = x - start;
        path.append('M').append(start).append(' ').append(y)
            .append('h').append(run).append("v1h-").append(run).append('z');
      }
    }
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\""
        + " width=\"" + pixels + "\" height=\"" + pixels + "\""
        + " viewBox=\"0 0 " + size + " " + size + "\" shape-rendering=\"crispEdges\">"
        + "<rect width=\"" + size + "\" height=\"" + size + "\" fill=\"#fff\"/>"
        + "<path fill=\"#000\" d=\"" + path + "\"/>"
        + "</svg>";
  }

  /** The PNG image itself; package-private for tests. */
  static byte[] png(String text) {
    boolean[][] dark = modules(text);
    int scale = modulePixels(dark.length);
    int width = dark.length * scale;
    int rowBytes = (width + 7) / 8;
    // Filter type 0 (None) on every row: the image is tiny and compresses well as it is.
    byte[] raw = new byte[(rowBytes + 1) * width];
    int at = 0;
    for (int py = 0; py < width; py++) {
      raw[at++] = 0;
      boolean[] row = dark[py / scale];
      for (int byteIndex = 0; byteIndex < rowBytes; byteIndex++) {
        int bits = 0;
        for (int bit = 0; bit < 8; bit++) {
          int px = byteIndex * 8 + bit;
          // In 1-bit greyscale a set bit is white; bits past the row end are padding.
          boolean white = px >= width || !row[px / scale];
          bits = (bits << 1) | (white ? 1 : 0);
        }
        raw[at++] = (byte) bits;
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    out.writeBytes(PNG_SIGNATURE);
    byte[] header = new byte[13];
    putInt(header, 0, width);
    putInt(header, 4, width);
    header[8] = 1; // bit depth
    header[9] = 0; // colour type: greyscale
    header[10] = 0; // compression: deflate
    header[11] = 0; // filter method: adaptive (per-row filter byte)
    header[12] = 0; // no interlace
    writeChunk(out, "IHDR", header);
    writeChunk(out, "IDAT", deflate(raw));
    writeChunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  /** The symbol with its quiet zone, indexed [y][x]; true is a dark module. */
  static boolean[][] modules(String text) {
    Objects.requireNonNull(text, "text");
    ByteMatrix matrix;
    try {
      matrix = Encoder.encode(text, ErrorCorrectionLevel.M, hints(text)).getMatrix();
    } catch (WriterException e) {
      throw new IllegalArgumentException("text does not fit in a QR code");
    }
    int symbol = matrix.getWidth();
    int size = symbol + 2 * QUIET_ZONE_MODULES;
    boolean[][] dark = new boolean[size][size];
    for (int y = 0; y < symbol; y++) {
      for (int x = 0; x < symbol; x++) {
        dark[y + QUIET_ZONE_MODULES][x + QUIET_ZONE_MODULES] = matrix.get(x, y) == 1;
      }
    }
    return dark;
  }

  private static Map<EncodeHintType, ?> hints(String text) {
    // Naming a character set makes zxing add an ECI header, which a few older scanners show
    // as text; ASCII is identical in zxing's ISO-8859-1 default and UTF-8, so only non-ASCII
    // text needs it.
    boolean ascii = text.chars().allMatch(c -> c < 0x80);
    return ascii ? Map.of() : Map.of(EncodeHintType.CHARACTER_SET, StandardCharsets.UTF_8.name());
  }

  private static int modulePixels(int modules) {
    return Math.max(MIN_MODULE_PIXELS, Math.min(MAX_MODULE_PIXELS,
        Math.round((float) TARGET_PIXELS / modules)));
  }

  private static byte[] deflate(byte[] data) {
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
    try {
      deflater.setInput(data);
      deflater.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 4 + 64);
      byte[] buffer = new byte[4096];
      while (!deflater.finished()) {
        int n = deflater.deflate(buffer);
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    } finally {
      deflater.end(); // frees native zlib memory now rather than at finalization
    }
  }

  private static void writeChunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
    byte[] length = new byte[4];
    putInt(length, 0, data.length);
    out.writeBytes(length);
    out.writeBytes(typeBytes);
    out.writeBytes(data);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data);
    byte[] checksum = new byte[4];
    putInt(checksum, 0, (int) crc.getValue());
    out.writeBytes(checksum);
  }

  private static void putInt(byte[] target, int offset, int value) {
    target[offset] = (byte) (value >>> 24);
    target[offset + 1] = (byte) (value >>> 16);
    target[offset + 2] = (byte) (value >>> 8);
    target[offset + 3] = (byte) value;
  }
}
