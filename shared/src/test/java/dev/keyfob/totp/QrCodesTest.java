package dev.keyfob.totp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.PlanarYUVLuminanceSource;
import com.google.zxing.Result;
import com.google.zxing.ResultMetadataType;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

class QrCodesTest {

  private static final String URI = OtpauthUri.build("keyfob", "alice.example@example.com",
      Base32.encode(TotpSecrets.generate(new java.security.SecureRandom())));

  private static final String SVG_NS = "http://www.w3.org/2000/svg";

  @BeforeAll
  static void headless() {
    System.setProperty("java.awt.headless", "true"); // ImageIO in tests only
  }

  static Stream<String> texts() {
    return Stream.of(
        URI,
        // A secret whose code zxing's finder pattern search cannot read from a perfect image.
        OtpauthUri.build("keyfob", "alice.example@example.com",
            "YAYPSOHCFM7CR4ZKB6CMZPN4BZ756QTF"),
        OtpauthUri.build("Acme Corp: R&D", "zoë+2fa@bücher.example", "JBSWY3DPEHPK3PXP"),
        "hello",
        "123456789012",                    // numeric mode
        "HELLO WORLD $%*+-./:",            // alphanumeric mode
        "Grüße aus Köln, 日本, 😀",          // UTF-8 with ECI
        "x".repeat(600));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("texts")
  void pngDataUriDecodesWithZxingToTheSameText(String text) {
    String dataUri = QrCodes.pngDataUri(text);
    assertTrue(dataUri.startsWith("data:image/png;base64,"));
    byte[] png = Base64.getDecoder().decode(dataUri.substring("data:image/png;base64,".length()));

    PngReader.Image image = PngReader.read(png);
    assertEquals(List.of("IHDR", "IDAT", "IEND"), image.chunkTypes());
    assertEquals(text, decode(image.width(), image.height(), image.luminance()).getText());
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("texts")
  void pngPixelsAreTheModulesScaledWithAFourModuleQuietZone(String text) {
    boolean[][] modules = QrCodes.modules(text);
    PngReader.Image image = PngReader.read(QrCodes.png(text));
    int size = modules.length;

    assertEquals(image.width(), image.height());
    assertEquals(0, image.width() % size, "whole pixels per module");
    int scale = image.width() / size;
    assertTrue(scale >= 4 && scale <= 6, "module size 4-6 px, was " + scale);
    for (int y = 0; y < image.height(); y++) {
      for (int x = 0; x < image.width(); x++) {
        int expected = modules[y / scale][x / scale] ? 0 : 255;
        assertEquals(expected, image.at(x, y), "pixel " + x + "," + y);
      }
    }
    assertQuietZone(modules);
  }

  @Test
  void otpauthUriPngIsTwoToThreeHundredPixelsWide() {
    PngReader.Image image = PngReader.read(QrCodes.png(URI));
    assertTrue(image.width() >= 200 && image.width() <= 300, "width " + image.width());
  }

  @Test
  void pngIsReadableByImageIo() throws IOException {
    byte[] png = QrCodes.png(URI);
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    assertNotNull(image, "ImageIO recognises the PNG");
    PngReader.Image ours = PngReader.read(png);
    assertEquals(ours.width(), image.getWidth());
    int[] luminance = new int[image.getWidth() * image.getHeight()];
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        luminance[y * image.getWidth() + x] = image.getRGB(x, y) & 0xff;
        assertEquals(ours.at(x, y), luminance[y * image.getWidth() + x]);
      }
    }
    assertEquals(URI, decode(image.getWidth(), image.getHeight(), luminance).getText());
  }

  @Test
  void pngIsReadableByZbarimg(@TempDir Path dir) throws Exception {
    Path zbarimg = Path.of("/usr/bin/zbarimg");
    assumeTrue(Files.isExecutable(zbarimg), "zbarimg is not installed");
    Path file = dir.resolve("qr.png");
    Files.write(file, QrCodes.png(URI));
    Process process = new ProcessBuilder(zbarimg.toString(), "--raw", "-q", file.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    assertTrue(process.waitFor(20, TimeUnit.SECONDS));
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(URI, out.strip());
  }

  @Test
  void asciiTextCarriesNoEciHeaderAndOtherTextDeclaresUtf8() {
    // ]Q1: QR code without ECI; ]Q2: with ECI (ISO/IEC 15424 symbology identifiers).
    PngReader.Image ascii = PngReader.read(QrCodes.png(URI));
    assertEquals("]Q1", decode(ascii.width(), ascii.height(), ascii.luminance())
        .getResultMetadata().get(ResultMetadataType.SYMBOLOGY_IDENTIFIER));
    PngReader.Image utf8 = PngReader.read(QrCodes.png("Zoë"));
    assertEquals("]Q2", decode(utf8.width(), utf8.height(), utf8.luminance())
        .getResultMetadata().get(ResultMetadataType.SYMBOLOGY_IDENTIFIER));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("texts")
  void svgIsWellFormedAndItsPathDecodesToTheSameText(String text) throws Exception {
    Element svg = parseXml(QrCodes.svg(text)).getDocumentElement();
    assertEquals("svg", svg.getLocalName());
    assertEquals(SVG_NS, svg.getNamespaceURI());
    assertEquals("crispEdges", svg.getAttribute("shape-rendering"));
    String[] viewBox = svg.getAttribute("viewBox").split(" ");
    assertEquals(4, viewBox.length);
    assertEquals("0", viewBox[0]);
    assertEquals("0", viewBox[1]);
    int size = Integer.parseInt(viewBox[2]);
    assertEquals(size, Integer.parseInt(viewBox[3]));

    NodeList paths = svg.getElementsByTagNameNS(SVG_NS, "path");
    assertEquals(1, paths.getLength(), "one path of dark modules");
    NodeList rects = svg.getElementsByTagNameNS(SVG_NS, "rect");
    assertEquals(1, rects.getLength(), "light background");
    assertEquals("#fff", ((Element) rects.item(0)).getAttribute("fill"));

    boolean[][] grid = gridFromPath(((Element) paths.item(0)).getAttribute("d"), size);
    assertArrayEquals(QrCodes.modules(text), grid);
    assertQuietZone(grid);
    int scale = 4;
    int[] luminance = new int[size * scale * size * scale];
    for (int y = 0; y < size * scale; y++) {
      for (int x = 0; x < size * scale; x++) {
        luminance[y * size * scale + x] = grid[y / scale][x / scale] ? 0 : 255;
      }
    }
    assertEquals(text, decode(size * scale, size * scale, luminance).getText());
  }

  @Test
  void svgPixelSizeMatchesThePng() throws Exception {
    Element svg = parseXml(QrCodes.svg(URI)).getDocumentElement();
    PngReader.Image png = PngReader.read(QrCodes.png(URI));
    assertEquals(String.valueOf(png.width()), svg.getAttribute("width"));
    assertEquals(String.valueOf(png.height()), svg.getAttribute("height"));
  }

  @Test
  void textTooLongForAQrCodeIsRejected() {
    String text = "x".repeat(3000);
    assertThrows(IllegalArgumentException.class, () -> QrCodes.pngDataUri(text));
    assertThrows(IllegalArgumentException.class, () -> QrCodes.svg(text));
  }

  @Test
  void onlyQrCodesReferencesZxingSoOtherFunctionsNeverLoadIt() throws IOException,
      URISyntaxException {
    Path classes = Path.of(QrCodes.class.getProtectionDomain().getCodeSource().getLocation()
        .toURI());
    List<String> referencing = new ArrayList<>();
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
        String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        if (content.contains("com/google/zxing")) {
          referencing.add(classes.relativize(file).toString().replace('\\', '/'));
        }
      }
    }
    assertEquals(List.of("dev/keyfob/totp/QrCodes.class"), referencing);
  }

  private static void assertQuietZone(boolean[][] modules) {
    int size = modules.length;
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        boolean border = x < 4 || y < 4 || x >= size - 4 || y >= size - 4;
        if (border) {
          assertTrue(!modules[y][x], "quiet zone module " + x + "," + y + " is light");
        }
      }
    }
    // The finder pattern's corner starts right after the quiet zone.
    assertTrue(modules[4][4] && modules[4][size - 5] && modules[size - 5][4]);
  }

  private static boolean[][] gridFromPath(String d, int size) {
    boolean[][] grid = new boolean[size][size];
    Matcher m = Pattern.compile("M(\\d+) (\\d+)h(\\d+)v1h-(\\d+)z").matcher(d);
    int end = 0;
    while (m.find()) {
      assertEquals(end, m.start(), "path is only run rectangles");
      int x = Integer.parseInt(m.group(1));
      int y = Integer.parseInt(m.group(2));
      int run = Integer.parseInt(m.group(3));
      assertEquals(run, Integer.parseInt(m.group(4)));
      for (int i = 0; i < run; i++) {
        assertTrue(!grid[y][x + i], "modules are drawn once");
        grid[y][x + i] = true;
      }
      end = m.end();
    }
    assertEquals(d.length(), end, "path is only run rectangles");
    return grid;
  }

  private static Document parseXml(String xml) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    return factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
  }

  private static Result decode(int width, int height, int[] luminance) {
    byte[] y = new byte[luminance.length];
    for (int i = 0; i < y.length; i++) {
      y[i] = (byte) luminance[i];
    }
    var source = new PlanarYUVLuminanceSource(y, width, height, 0, 0, width, height, false);
    try {
      // Pure: these images are made by a program, square to the pixel. zxing's camera-oriented
      // finder misreads about 1.5% of such codes (FormatException; zbarimg reads them).
      return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)),
          Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE));
    } catch (Exception e) {
      throw new AssertionError("zxing could not decode the QR code", e);
    }
  }
}
