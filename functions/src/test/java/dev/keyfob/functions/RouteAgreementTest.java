package dev.keyfob.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyfob.http.Route;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The contract's routes, the template's routes, the handlers' routes and the OpenAPI document's
 * routes are one and the same set.
 */
class RouteAgreementTest {

  private static final Set<String> CONTRACT = java.util.Arrays.stream(Route.values())
      .map(Route::routeKey).collect(Collectors.toCollection(TreeSet::new));

  @Test
  void templateRoutesEqualTheContractRoutesPlusOneDefault() throws Exception {
    List<String> keys = new ArrayList<>();
    SamTemplate.load().functions().forEach(f -> keys.addAll(f.routeKeys()));
    assertEquals(1, keys.stream().filter("$default"::equals).count(), "one $default route");
    keys.remove("$default");
    assertEquals(keys.size(), new TreeSet<>(keys).size(), "no route twice: " + keys);
    assertEquals(CONTRACT, new TreeSet<>(keys));
    assertTrue(keys.stream().noneMatch(k -> k.contains("/dev/")), "no dev route deployed");
  }

  @Test
  void corsLetsABrowserSendEveryMethodOfARoute() throws Exception {
    Set<String> used = java.util.Arrays.stream(Route.values())
        .map(r -> r.routeKey().substring(0, r.routeKey().indexOf(' ')))
        .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(used, new TreeSet<>(SamTemplate.load().corsAllowMethods()),
        "a method missing here is refused by the browser's preflight");
  }

  @Test
  void eachFunctionsHandlerServesExactlyTheRoutesTheTemplateGivesIt() throws Exception {
    for (SamTemplate.Function f : SamTemplate.load().functions()) {
      Class<?> type = Class.forName(f.handlerClass());
      if (!ApiGatewayHandler.class.isAssignableFrom(type)) {
        assertTrue(f.routeKeys().isEmpty(), f.logicalId() + " has routes but is not an API handler");
        continue;
      }
      ApiGatewayHandler handler = (ApiGatewayHandler) type
          .getConstructor(dev.keyfob.app.KeyfobApp.class).newInstance(HandlerFixture.app());
      Set<String> served = handler.routes().stream().map(Route::routeKey)
          .collect(Collectors.toCollection(TreeSet::new));
      Set<String> routed = new TreeSet<>(f.routeKeys());
      routed.remove("$default");
      assertEquals(routed, served, f.logicalId());
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void openApiDocumentsExactlyTheContractRoutesAndMarksDevRoutesLocal() throws Exception {
    Path spec = SamTemplate.repoRoot().resolve("docs/openapi.yaml");
    Map<String, Object> doc = new Yaml().load(Files.readString(spec));
    Map<String, Object> paths = (Map<String, Object>) doc.get("paths");
    Set<String> documented = new TreeSet<>();
    for (Map.Entry<String, Object> p : paths.entrySet()) {
      for (Map.Entry<String, Object> op : ((Map<String, Object>) p.getValue()).entrySet()) {
        String method = op.getKey().toUpperCase(java.util.Locale.ROOT);
        if (!Set.of("GET", "PUT", "POST", "DELETE", "PATCH").contains(method)) {
          continue;
        }
        Map<String, Object> operation = (Map<String, Object>) op.getValue();
        if (p.getKey().startsWith("/dev/")) {
          assertEquals(true, operation.get("x-local-only"), p.getKey());
          continue;
        }
        documented.add(method + " " + p.getKey());
      }
    }
    assertEquals(CONTRACT, documented);
  }

  @Test
  void everyRouteHasASampleEvent() throws Exception {
    Path events = SamTemplate.repoRoot().resolve("events");
    for (Route route : Route.values()) {
      Path file = events.resolve(HandlerFixture.eventFileName(route));
      assertTrue(Files.exists(file), "missing " + file);
      assertTrue(Files.readString(file).contains("\"routeKey\": \"" + route.routeKey() + "\""),
          file.toString());
    }
  }
}
