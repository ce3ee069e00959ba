package dev.keyfob.totp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class OtpauthUriTest {

  private static final String SECRET = "JBSWY3DPEHPK3PXP";

  @Test
  void plainIssuerAndEmailGiveTheDocumentedUri() {
    assertEquals("otpauth://totp/keyfob:alice@example.com?secret=JBSWY3DPEHPK3PXP"
            + "&issuer=keyfob&algorithm=SHA1&digits=6&period=30",
        OtpauthUri.build("keyfob", "alice@example.com", SECRET));
  }

  @ParameterizedTest(name = "\"{0}\" -> {1} / {2}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      Acme Corp        | Acme%20Corp           | Acme%20Corp
      a:b              | a%3Ab                 | a%3Ab
      R&D              | R%26D                 | R%26D
      who?             | who%3F                | who%3F
      #1               | %231                  | %231
      100%             | 100%25                | 100%25
      a+b              | a%2Bb                 | a%2Bb
      a/b              | a%2Fb                 | a%2Fb
      me@acme          | me@acme               | me%40acme
      Zoë              | Zo%C3%AB              | Zo%C3%AB
      日本              | %E6%97%A5%E6%9C%AC    | %E6%97%A5%E6%9C%AC
      😀               | %F0%9F%98%80          | %F0%9F%98%80
      a-b.c_d~e        | a-b.c_d~e             | a-b.c_d~e
      "x=y;z,'!*()$["  | x%3Dy%3Bz%2C%27%21%2A%28%29%24%5B | x%3Dy%3Bz%2C%27%21%2A%28%29%24%5B
      """)
  void issuerIsPercentEncodedInLabelAndQuery(String issuer, String inLabel, String inQuery) {
    assertEquals("otpauth://totp/" + inLabel + ":bob?secret=" + SECRET + "&issuer=" + inQuery
            + "&algorithm=SHA1&digits=6&period=30",
        OtpauthUri.build(issuer, "bob", SECRET));
  }

  @ParameterizedTest(name = "\"{0}\" -> {1}")
  @CsvSource(delimiter = '|', textBlock = """
      alice@example.com     | alice@example.com
      first last@ex.com     | first%20last@ex.com
      a:b@ex.com            | a%3Ab@ex.com
      a&b?c#d@ex.com        | a%26b%3Fc%23d@ex.com
      50%+1@ex.com          | 50%25%2B1@ex.com
      jürgen@bücher.de      | j%C3%BCrgen@b%C3%BCcher.de
      """)
  void accountIsPercentEncodedKeepingAtReadable(String account, String encoded) {
    assertEquals("otpauth://totp/keyfob:" + encoded + "?secret=" + SECRET
            + "&issuer=keyfob&algorithm=SHA1&digits=6&period=30",
        OtpauthUri.build("keyfob", account, SECRET));
  }

  @Test
  void spaceIsNeverAPlus() {
    String uri = OtpauthUri.build("A B", "c d", SECRET);
    assertFalse(uri.contains("+"));
    assertFalse(uri.contains(" "));
  }

  @Test
  void standardUriParserRecoversIssuerAccountAndParametersInOrder() throws Exception {
    String issuer = "Acme: R&D / 100% ü";
    String account = "a:b c+d@ex.com";
    URI uri = new URI(OtpauthUri.build(issuer, account, SECRET));

    assertEquals("otpauth", uri.getScheme());
    assertEquals("totp", uri.getHost());
    String[] label = uri.getRawPath().substring(1).split(":");
    assertEquals(2, label.length, "exactly one unencoded colon separates issuer and account");
    assertEquals(issuer, decode(label[0]));
    assertEquals(account, decode(label[1]));

    Map<String, String> query = new LinkedHashMap<>();
    for (String pair : uri.getRawQuery().split("&")) {
      String[] kv = pair.split("=", 2);
      query.put(kv[0], decode(kv[1]));
    }
    assertEquals(List.of("secret", "issuer", "algorithm", "digits", "period"),
        List.copyOf(query.keySet()));
    assertEquals(SECRET, query.get("secret"));
    assertEquals(issuer, query.get("issuer"));
    assertEquals("SHA1", query.get("algorithm"));
    assertEquals("6", query.get("digits"));
    assertEquals("30", query.get("period"));
  }

  @ParameterizedTest(name = "issuer \"{0}\" rejected")
  @NullAndEmptySource
  @ValueSource(strings = {" ", "\t", " \n "})
  void blankIssuerIsRejected(String issuer) {
    assertThrows(IllegalArgumentException.class,
        () -> OtpauthUri.build(issuer, "alice@example.com", SECRET));
  }

  @ParameterizedTest(name = "account \"{0}\" rejected")
  @NullAndEmptySource
  @ValueSource(strings = {" ", "\t", " \n "})
  void blankAccountIsRejected(String account) {
    assertThrows(IllegalArgumentException.class,
        () -> OtpauthUri.build("keyfob", account, SECRET));
  }

  @ParameterizedTest(name = "secret \"{0}\" rejected")
  @NullAndEmptySource
  @ValueSource(strings = {"jbswy3dpehpk3pxp", "JBSWY3DPEHPK3PXP====", "JBSW Y3DP", "JBSW&x=1",
      "JBSWY3DPEHPK3PX0"})
  void secretThatIsNotUnpaddedUpperCaseBase32IsRejected(String secret) {
    assertThrows(IllegalArgumentException.class,
        () -> OtpauthUri.build("keyfob", "alice@example.com", secret));
  }

  @Test
  void loneSurrogateIsRejectedRatherThanReplaced() {
    assertThrows(IllegalArgumentException.class,
        () -> OtpauthUri.build("keyfob", "bad\ud800@example.com", SECRET));
  }

  private static String decode(String encoded) {
    // URLDecoder would turn '+' into a space; the URI never contains a literal '+'.
    return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
  }
}
