package dev.keyfob.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaticFilesTest {

  private final StaticFiles files = new StaticFiles(Fixtures.webRoot());

  @Test
  void rootAndDirectoriesServeTheirIndex() {
    LocalResponse root = files.serve("/", false).orElseThrow();
    assertTrue(new String(root.body(), StandardCharsets.UTF_8).contains("fixture web app"));
    assertEquals(List.of("text/html; charset=utf-8"), root.headers().get("Content-Type"));
    assertEquals(List.of("no-store"), root.headers().get("Cache-Control"));
    LocalResponse admin = files.serve("/admin/", false).orElseThrow();
    assertTrue(new String(admin.body(), StandardCharsets.UTF_8).contains("admin fixture"));
  }

  @Test
  void contentTypesFollowTheExtension() {
    assertEquals("text/css; charset=utf-8", type("/style.css"));
    assertEquals("text/javascript; charset=utf-8", type("/app.js"));
    assertEquals("image/svg+xml", type("/logo.svg"));
    assertEquals("image/png", type("/img/pixel.png"));
    assertEquals("image/x-icon", type("/favicon.ico"));
    assertEquals("application/json", type("/data.json"));
    assertEquals("text/plain; charset=utf-8", type("/notes.txt"));
  }

  @Test
  void missingFilesAreEmpty() {
    assertTrue(files.serve("/nope.html", false).isEmpty());
    assertTrue(files.serve("/img/", false).isEmpty(), "a directory without index.html");
  }

  @Test
  void dotSegmentsAndTheirEncodingsAreNotCanonical() {
    for (String path : List.of("/../pom.xml", "/%2e%2e/pom.xml", "/%2E%2E/%2e%2e/pom.xml",
        "/img/..%2f..%2fpom.xml", "/./index.html", "/a\\..\\b", "/a%5c..%5cb", "/x%00.html",
        "/%zz")) {
      assertFalse(StaticFiles.isCanonical(path), path);
      assertTrue(files.serve(path, false).isEmpty(), path);
    }
    assertTrue(StaticFiles.isCanonical("/v1/orgs/a.b/security"));
    assertTrue(StaticFiles.isCanonical("/file..name.txt"));
  }

  @Test
  void symbolicLinksOutOfTheRootAreNotFollowed(@TempDir Path dir) throws Exception {
    Path root = Files.createDirectory(dir.resolve("web"));
    Path secret = Files.writeString(dir.resolve("secret.txt"), "secret");
    Files.createSymbolicLink(root.resolve("leak.txt"), secret);
    Files.writeString(root.resolve("ok.txt"), "ok");
    StaticFiles linked = new StaticFiles(root);
    assertTrue(linked.serve("/leak.txt", false).isEmpty());
    assertTrue(linked.serve("/ok.txt", false).isPresent());
  }

  private String type(String path) {
    return files.serve(path, false).orElseThrow().headers().get("Content-Type").get(0);
  }
}
