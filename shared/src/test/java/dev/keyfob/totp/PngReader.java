package dev.keyfob.totp;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Test-only reader for the PNGs {@link QrCodes} writes: greyscale, bit depth 1 or 8, no
 * interlace, filter type 0 on every row. Checks the signature, every chunk CRC and the chunk
 * order, and fails on anything it does not understand rather than guessing.
 */
final class PngReader {

  /** A decoded image: luminance 0 (black) to 255 (white), row-major. */
  record Image(int width, int height, int[] luminance, List<String> chunkTypes) {
    int at(int x, int y) {
      return luminance[y * width + x];
    }
  }

  private static final byte[] SIGNATURE = {
      (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  private PngReader() {}

  static Image read(byte[] png) {
    ByteBuffer in = ByteBuffer.wrap(png);
    byte[] signature = new byte[8];
    in.get(signature);
    check(Arrays.equals(SIGNATURE, signature), "PNG signature");
    List<String> types = new ArrayList<>();
    ByteArrayOutputStream idat = new ByteArrayOutputStream();
    int width = 0;
    int height = 0;
    int bitDepth = 0;
    while (in.hasRemaining()) {
      int length = in.getInt();
      byte[] typeBytes = new byte[4];
      in.get(typeBytes);
      byte[] data = new byte[length];
      in.get(data);
      int crc = in.getInt();
      CRC32 expected = new CRC32();
      expected.update(typeBytes);
      expected.update(data);
      String type = new String(typeBytes, StandardCharsets.US_ASCII);
      check((int) expected.getValue() == crc, "CRC of " + type);
      types.add(type);
      switch (type) {
        case "IHDR" -> {
          check(types.size() == 1, "IHDR first");
          ByteBuffer h = ByteBuffer.wrap(data);
          width = h.getInt();
          height = h.getInt();
          bitDepth = h.get();
          check(bitDepth == 1 || bitDepth == 8, "bit depth 1 or 8");
          check(h.get() == 0, "colour type greyscale");
          check(h.get() == 0, "compression deflate");
          check(h.get() == 0, "filter method 0");
          check(h.get() == 0, "no interlace");
        }
        case "IDAT" -> idat.writeBytes(data);
        case "IEND" -> check(!in.hasRemaining(), "nothing after IEND");
        default -> check(Character.isLowerCase(type.charAt(0)), "unknown critical chunk " + type);
      }
    }
    check(types.get(types.size() - 1).equals("IEND"), "IEND last");

    int rowBytes = (width * bitDepth + 7) / 8;
    byte[] raw = inflate(idat.toByteArray(), (rowBytes + 1) * height);
    int[] luminance = new int[width * height];
    for (int y = 0; y < height; y++) {
      int row = y * (rowBytes + 1);
      check(raw[row] == 0, "filter type 0 on row " + y);
      for (int x = 0; x < width; x++) {
        int value;
        if (bitDepth == 8) {
          value = raw[row + 1 + x] & 0xff;
        } else {
          int bit = (raw[row + 1 + x / 8] >>> (7 - x % 8)) & 1;
          value = bit * 255;
        }
        luminance[y * width + x] = value;
      }
    }
    return new Image(width, height, luminance, types);
  }

  private static byte[] inflate(byte[] data, int expectedLength) {
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(data);
      ByteArrayOutputStream out = new ByteArrayOutputStream(expectedLength);
      byte[] buffer = new byte[4096];
      while (!inflater.finished()) {
        check(!inflater.needsInput() && !inflater.needsDictionary(), "IDAT is complete");
        out.write(buffer, 0, inflater.inflate(buffer));
      }
      check(out.size() == expectedLength, "image data has the size the header implies");
      check(inflater.getRemaining() == 0, "no bytes after the zlib stream");
      return out.toByteArray();
    } catch (DataFormatException e) {
      throw new AssertionError("IDAT is not a zlib stream", e);
    } finally {
      inflater.end();
    }
  }

  private static void check(boolean condition, String what) {
    if (!condition) {
      throw new AssertionError("PNG: " + what);
    }
  }
}
