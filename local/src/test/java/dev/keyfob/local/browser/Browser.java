package dev.keyfob.local.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;

/**
 * A headless Chromium for each test (register as an instance {@code @RegisterExtension}), pointed
 * at the class's {@link KeyfobUnderTest}, with a profile and download directory of its own. The
 * browser tests of one JVM take turns on one Chromium per window size (starting one costs more
 * than most journeys), and each starts as a new visitor would: no cookies, no local or session
 * storage, no authenticators, no downloads, on a blank page. A test that fails leaves its
 * Chromium behind, and the next test gets a new one.
 *
 * <p>Screen checks: a journey calls {@link #checkScreen} on every screen it reaches, once the
 * screen has loaded (and again for states worth checking, such as an open dialog or a lock).
 * Each check runs {@link ScreenAudit}: axe-core's WCAG 2.1 A and AA rules, and no visible
 * {@code null}, {@code undefined}, {@code NaN} or {@code [object Object]}. After each test the
 * screen it ended on is checked too, and the test fails when any check found something, or
 * when it reached a screen (a main heading it waited for) that it never checked.
 *
 * <p>After each test it also saves a full-page screenshot of the final screen to
 * {@code local/target/screenshots/<Class>-<test>.png}, and fails the test if the page logged
 * anything to the console other than the browser's own notes about 4xx answers (the app never
 * logs; in particular never a code, secret or token).
 */
final class Browser implements BeforeEachCallback, AfterEachCallback {

  /** How long to wait for the page to reach an expected state. */
  static final Duration WAIT = Duration.ofSeconds(15);
  /**
   * How often a wait looks again. Selenium's default of 500 ms made most journeys wait for the
   * clock rather than for the page; a look is one WebDriver round trip of a few milliseconds.
   */
  static final Duration POLL = Duration.ofMillis(20);

  private final KeyfobUnderTest keyfob;
  private final int width;
  private final int height;
  /** Where the page is: the main heading's id, the selected tab, the open dialog's title. */
  private static final String WHERE = """
      const h1 = document.querySelector('main h1');
      const tab = document.querySelector('main [role=tab][aria-selected=true]');
      const dialogs = document.querySelectorAll('dialog[open]');
      const title = dialogs.length ? dialogs[dialogs.length - 1].querySelector('h2') : null;
      return {
        screen: h1 ? (h1.id || h1.textContent.trim()) : '(no heading)',
        tab: tab ? tab.textContent.trim() : '',
        dialog: title ? title.textContent.trim() : '',
        width: window.innerWidth,
        html: document.documentElement.outerHTML,
      };""";

  /**
   * The Chromiums of the test JVM, by window size, kept from class to class (each class's local
   * API has its own port, so its site is a new origin to a browser cleared of cookies) and quit
   * when the JVM exits. Not JUnit's root store: surefire runs every class as a JUnit run of its
   * own, which would close them after each class.
   */
  private static final Map<String, Session> SESSIONS = new ConcurrentHashMap<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> SESSIONS.values().forEach(session -> {
      try {
        session.close();
      } catch (RuntimeException e) {
        System.err.println("[browser] could not quit a Chromium: " + e);
      }
    }), "chromium-quit"));
  }

  private final List<String> findings = new ArrayList<>();
  private final Set<String> reached = new TreeSet<>();
  private final Set<String> checked = new TreeSet<>();
  private String testName;
  private Session session;
  private ChromeDriver driver;

  Browser(KeyfobUnderTest keyfob) {
    this(keyfob, 1280, 800);
  }

  Browser(KeyfobUnderTest keyfob, int width, int height) {
    this.keyfob = keyfob;
    this.width = width;
    this.height = height;
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    testName = context.getRequiredTestClass().getSimpleName() + "."
        + context.getRequiredTestMethod().getName();
    findings.clear();
    reached.clear();
    checked.clear();
    String key = sessionKey();
    Session existing = SESSIONS.get(key);
    if (existing != null && existing.clearedFor(keyfob.baseUri())) {
      session = existing;
    } else {
      if (existing != null) {
        SESSIONS.remove(key).close();
      }
      session = new Session(width, height);
      SESSIONS.put(key, session);
    }
    driver = session.driver;
  }

  @Override
  public void afterEach(ExtensionContext context) throws IOException {
    if (driver == null) {
      return;
    }
    try {
      boolean passed = context.getExecutionException().isEmpty();
      if (passed) {
        checkScreen();
      }
      saveScreenshot(Repo.screenshots().resolve(context.getRequiredTestClass().getSimpleName()
          + "-" + context.getRequiredTestMethod().getName() + ".png"));
      List<String> failures = new ArrayList<>();
      List<String> console = consoleMessages();
      if (!console.isEmpty()) {
        failures.add("the page wrote to the console: " + console);
      }
      findings.forEach(f -> failures.add("screen check: " + f));
      Set<String> unchecked = new TreeSet<>(reached);
      unchecked.removeAll(checked);
      if (!unchecked.isEmpty()) {
        failures.add("the journey reached screens it never checked (call checkScreen()): "
            + unchecked);
      }
      if (passed && !failures.isEmpty()) {
        throw new AssertionError(String.join("\n", failures));
      }
    } finally {
      if (context.getExecutionException().isPresent()) {
        SESSIONS.remove(sessionKey()).close();
      }
      driver = null;
      session = null;
    }
  }


  private String sessionKey() {
    return "chromium-" + width + "x" + height;
  }

  ChromeDriver driver() {
    return driver;
  }

  Path downloads() {
    return session.downloads;
  }

  /** Opens the app at {@code path} (e.g. "/" or "/#/settings"). */
  Browser open(String path) {
    driver.get(keyfob.baseUri() + path);
    return this;
  }

  /**
   * Plugs a virtual security key into this browser (Selenium's virtual authenticator): USB,
   * no resident keys, touch only. WebAuthn ceremonies of the page then use it.
   */
  VirtualAuthenticator plugInSecurityKey() {
    return session.plugIn(new VirtualAuthenticatorOptions()
        .setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
        .setTransport(VirtualAuthenticatorOptions.Transport.USB)
        .setHasResidentKey(false)
        .setHasUserVerification(false)
        .setIsUserConsenting(true));
  }

  /**
   * Gives this browser a platform authenticator that makes synced passkeys: resident keys,
   * user verification, and the backup flags a passkey manager sets (WebDriver's
   * {@code defaultBackupEligibility} and {@code defaultBackupState}, which Selenium's options
   * have no setter for).
   */
  VirtualAuthenticator addPasskeyProvider() {
    VirtualAuthenticatorOptions options = new VirtualAuthenticatorOptions() {
      @Override
      public Map<String, Object> toMap() {
        Map<String, Object> map = new java.util.HashMap<>(super.toMap());
        map.put("defaultBackupEligibility", true);
        map.put("defaultBackupState", true);
        return map;
      }
    };
    return session.plugIn(options
        .setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
        .setTransport(VirtualAuthenticatorOptions.Transport.INTERNAL)
        .setHasResidentKey(true)
        .setHasUserVerification(true)
        .setIsUserVerified(true)
        .setIsUserConsenting(true));
  }

  /** The keys of this page's localStorage, sorted. */
  @SuppressWarnings("unchecked")
  List<String> localStorageKeys() {
    return (List<String>) script("return Object.keys(localStorage).sort();");
  }

  /** Signs in on the sign-in screen (checking it) and waits until another screen shows. */
  Browser signIn(Person person) {
    open("/");
    waitVisible(By.id("signin-user"));
    reached.add(where().screen());
    checkScreen();
    type(By.id("signin-user"), person.sub());
    type(By.id("signin-org"), person.orgId());
    click(By.id("signin-role-" + person.role()));
    click(By.id("signin-method-" + person.method()));
    setChecked(By.id("signin-pwdset"), person.pwdSet());
    setChecked(By.id("signin-support"), person.support());
    click(By.cssSelector("main form button[type=submit]"));
    waitUntil(d -> !heading().equals("Sign in"));
    reached.add(where().screen());
    return this;
  }

  /** Signs out with the header's button and waits for the sign-in screen. */
  Browser signOut() {
    click(By.id("sign-out"));
    waitHeading("Sign in");
    return this;
  }

  /** The text of the screen's h1. */
  String heading() {
    Object text = script("const h = document.querySelector('main h1');"
        + " return h ? h.innerText : '';");
    return text == null ? "" : text.toString().trim();
  }

  /** Waits until the h1 contains {@code text}; the screen then counts as reached. */
  Browser waitHeading(String text) {
    try {
      waitUntil(d -> heading().contains(text));
    } catch (RuntimeException e) {
      throw new AssertionError("expected a screen titled \"" + text + "\" but the heading is \""
          + heading() + "\"; page says: " + mainText(), e);
    }
    reached.add(where().screen());
    return this;
  }

  /** Checks the screen as it is now; see the class comment. */
  Browser checkScreen() {
    return checkScreen("");
  }

  /**
   * Checks the screen as it is now, naming a state of it (such as "locked") in the report; see
   * the class comment. A snapshot met before and found clean is not audited again.
   */
  Browser checkScreen(String state) {
    Where where = where();
    String name = where.name(state);
    String fingerprint = sha256(name + "\n" + where.width() + "\n" + where.html());
    if (!ScreenChecks.knownClean(fingerprint)) {
      List<String> found = ScreenAudit.findings(driver);
      if (found.isEmpty()) {
        ScreenChecks.clean(fingerprint);
      }
      found.forEach(f -> findings.add(name + ": " + f));
    }
    ScreenChecks.checked(name, testName);
    checked.add(where.screen());
    return this;
  }

  private Where where() {
    @SuppressWarnings("unchecked")
    Map<String, Object> w = (Map<String, Object>) script(WHERE);
    return new Where((String) w.get("screen"), (String) w.get("tab"), (String) w.get("dialog"),
        ((Number) w.get("width")).intValue(), (String) w.get("html"));
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JVM has SHA-256", e);
    }
  }

  /** The page's position in the app, and its markup. */
  private record Where(String screen, String tab, String dialog, int width, String html) {

    /** e.g. {@code org-title › 2FA + dialog "Verify your password" [locked] @375px}. */
    String name(String state) {
      return screen + (tab.isEmpty() ? "" : " › " + tab)
          + (dialog.isEmpty() ? "" : " + dialog \"" + dialog + "\"")
          + (state.isEmpty() ? "" : " [" + state + "]")
          + (width < 640 ? " @" + width + "px" : "");
    }
  }

  /** Waits until the element is visible, and returns it. */
  WebElement waitVisible(By by) {
    return waiter().until(ExpectedConditions.visibilityOfElementLocated(by));
  }

  /** Waits until the element's text contains {@code text}, and returns the whole text. */
  String waitText(By by, String text) {
    try {
      waiter().until(
          ExpectedConditions.textToBePresentInElementLocated(by, text));
    } catch (RuntimeException e) {
      throw new AssertionError("expected \"" + text + "\" in " + by + "; page says: "
          + mainText(), e);
    }
    return driver.findElement(by).getText();
  }

  <T> T waitUntil(Function<WebDriver, T> condition) {
    return waiter().until(condition);
  }

  /** A wait that looks again when the screen re-rendered under it. */
  WebDriverWait waiter() {
    WebDriverWait wait = new WebDriverWait(driver, WAIT, POLL);
    wait.ignoring(StaleElementReferenceException.class);
    return wait;
  }

  WebElement find(By by) {
    return driver.findElement(by);
  }

  List<WebElement> findAll(By by) {
    return driver.findElements(by);
  }

  Browser click(By by) {
    waiter().until(ExpectedConditions.elementToBeClickable(by)).click();
    return this;
  }

  Browser type(By by, String text) {
    WebElement el = waitVisible(by);
    el.clear();
    el.sendKeys(text);
    return this;
  }

  Browser setChecked(By by, boolean checked) {
    WebElement box = driver.findElement(by);
    if (box.isSelected() != checked) {
      box.click();
    }
    return this;
  }

  /** The visible text of main, for failure messages. */
  String mainText() {
    try {
      return driver.findElement(By.tagName("main")).getText().replace('\n', ' ');
    } catch (RuntimeException e) {
      return "(no page)";
    }
  }

  Object script(String js, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(js, args);
  }

  /** The id of the focused element, or its tag name when it has none. */
  String focused() {
    return (String) script("const e = document.activeElement;"
        + " return e ? (e.id || e.tagName.toLowerCase()) : '';");
  }

  /** Saves a screenshot of the whole page (not just the window). */
  void saveScreenshot(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    byte[] png;
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
      @SuppressWarnings("unchecked")
      Map<String, Object> size = (Map<String, Object>) metrics.get("cssContentSize");
      double w = Math.max(((Number) size.get("width")).doubleValue(), 1);
      double h = Math.max(((Number) size.get("height")).doubleValue(), 1);
      Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of(
          "format", "png", "captureBeyondViewport", true,
          "clip", Map.of("x", 0, "y", 0, "width", w, "height", h, "scale", 1)));
      png = Base64.getDecoder().decode((String) shot.get("data"));
    } catch (RuntimeException cdpUnavailable) {
      png = driver.getScreenshotAs(OutputType.BYTES);
    }
    Files.write(file, png);
  }

  /** Saves exactly what the window shows. */
  void saveWindowScreenshot(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
  }

  /** Console messages, without Chromium's "Failed to load resource" notes for 4xx answers. */
  List<String> consoleMessages() {
    List<String> out = new ArrayList<>();
    for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
      String m = e.getMessage();
      if (!m.contains("Failed to load resource: the server responded with a status of 4")) {
        out.add(e.getLevel() + " " + m);
      }
    }
    return out;
  }

  private static void deleteTree(Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One Chromium with its profile and download directory, shared by the tests of a JVM. */
  private static final class Session implements AutoCloseable {

    final ChromeDriver driver;
    final Path profile;
    final Path downloads;
    private final List<VirtualAuthenticator> authenticators = new ArrayList<>();

    Session(int width, int height) throws IOException {
      System.setProperty("webdriver.chrome.driver", "/usr/bin/chromedriver");
      profile = Files.createTempDirectory("keyfob-chromium-profile");
      downloads = Files.createTempDirectory("keyfob-downloads");
      ChromeOptions options = new ChromeOptions();
      options.setBinary("/usr/bin/chromium");
      options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
          "--window-size=" + width + "," + height, "--user-data-dir=" + profile, "--disable-gpu",
          "--disable-background-networking", "--disable-component-update", "--disable-sync",
          "--no-first-run", "--lang=en-GB", "--hide-scrollbars");
      options.setExperimentalOption("prefs", Map.of(
          "download.default_directory", downloads.toString(),
          "download.prompt_for_download", false,
          "download.directory_upgrade", true,
          "intl.accept_languages", "en-GB"));
      options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
      if (width < 500) {
        // Chromium windows are at least 500 px wide; a phone's viewport needs device emulation.
        options.setExperimentalOption("mobileEmulation", Map.of("deviceMetrics",
            Map.of("width", width, "height", height, "pixelRatio", 1.0, "touch", false)));
      }
      ChromeDriverService.Builder service = new ChromeDriverService.Builder();
      String logFile = System.getProperty("webdriver.chrome.logfile");
      if (logFile != null) {
        service.withLogFile(Path.of(logFile).toFile());
      }
      driver = new ChromeDriver(service.build(), options);
      driver.manage().timeouts().scriptTimeout(WAIT);
    }

    VirtualAuthenticator plugIn(VirtualAuthenticatorOptions options) {
      VirtualAuthenticator authenticator = driver.addVirtualAuthenticator(options);
      authenticators.add(authenticator);
      return authenticator;
    }

    /**
     * Makes this Chromium as a new visitor's to {@code site}: unplugs authenticators, clears
     * the site's storage and every cookie, empties the downloads, drops console messages and
     * leaves a blank page. False when the browser no longer answers.
     */
    boolean clearedFor(URI site) {
      try {
        authenticators.forEach(driver::removeVirtualAuthenticator);
        authenticators.clear();
        String origin = site.getScheme() + "://" + site.getAuthority();
        if (driver.getCurrentUrl().startsWith(origin)) {
          // Session storage belongs to the tab, which stays: clear it while on the site.
          ((JavascriptExecutor) driver).executeScript(
              "sessionStorage.clear(); localStorage.clear();");
        }
        driver.get("about:blank");
        driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
        driver.executeCdpCommand("Storage.clearDataForOrigin",
            Map.of("origin", origin, "storageTypes", "all"));
        try (Stream<Path> files = Files.list(downloads)) {
          for (Path file : files.toList()) {
            Files.delete(file);
          }
        }
        driver.manage().logs().get(LogType.BROWSER);
        return true;
      } catch (RuntimeException | IOException e) {
        return false;
      }
    }

    @Override
    public void close() {
      try {
        driver.quit();
      } finally {
        deleteTree(profile);
        deleteTree(downloads);
      }
    }
  }

  /** A demo person as the sign-in screen takes them. */
  record Person(String sub, String orgId, String role, String method, boolean pwdSet,
      boolean support) {

    static Person member(String sub, String orgId) {
      return new Person(sub, orgId, "member", "pwd", true, false);
    }

    static Person admin(String sub, String orgId) {
      return new Person(sub, orgId, "admin", "pwd", true, false);
    }

    Person signingInWith(String amr, boolean hasPassword) {
      return new Person(sub, orgId, role, amr, hasPassword, support);
    }
  }
}
