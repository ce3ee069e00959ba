package dev.keyfob;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package order of {@code docs/architecture.md}: {@code http} → {@code app} →
 * {@code service} → {@code policy} → {@code token} → {@code store} → the base packages
 * ({@code totp}, {@code crypto}, {@code recovery}, {@code config}, {@code problem},
 * {@code aws}), each using only what lies below it; no cycles; DynamoDB only in {@code store}.
 */
class ArchitectureTest {

  private static JavaClasses main;

  @BeforeAll
  static void importMainClasses() {
    // The test kit (dev.keyfob.testkit, test scope here) is on the classpath as main code, but
    // it is not shared's: it builds its own SDK clients for the emulator.
    main = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(location -> !location.contains("/dev/keyfob/testkit/"))
        .importPackages("dev.keyfob");
  }

  @Test
  void packagesHaveNoCycles() {
    slices().matching("dev.keyfob.(*)..").should().beFreeOfCycles().check(main);
  }

  @Test
  void eachLayerUsesOnlyTheLayersBelowIt() {
    layeredArchitecture().consideringOnlyDependenciesInLayers()
        .layer("http").definedBy("dev.keyfob.http..")
        .layer("app").definedBy("dev.keyfob.app..")
        .layer("service").definedBy("dev.keyfob.service..")
        .layer("policy").definedBy("dev.keyfob.policy..")
        .layer("token").definedBy("dev.keyfob.token..")
        .layer("store").definedBy("dev.keyfob.store..")
        .layer("base").definedBy("dev.keyfob.totp..", "dev.keyfob.crypto..",
            "dev.keyfob.recovery..", "dev.keyfob.config..", "dev.keyfob.problem..",
            "dev.keyfob.aws..")
        .whereLayer("http").mayNotBeAccessedByAnyLayer()
        .whereLayer("app").mayOnlyBeAccessedByLayers("http")
        .whereLayer("service").mayOnlyBeAccessedByLayers("app", "http")
        .whereLayer("policy").mayOnlyBeAccessedByLayers("service", "app", "http")
        .whereLayer("token").mayOnlyBeAccessedByLayers("policy", "service", "app", "http")
        .whereLayer("store").mayOnlyBeAccessedByLayers("token", "policy", "service", "app",
            "http")
        .check(main);
  }

  @Test
  void onlyStoreTouchesDynamoDb() {
    noClasses().that().resideOutsideOfPackage("dev.keyfob.store..")
        .should().dependOnClassesThat()
        .resideInAPackage("software.amazon.awssdk.services.dynamodb..")
        .check(main);
  }

  @Test
  void theHttpLayerNeverRendersStorageRecords() {
    noClasses().that().resideInAPackage("dev.keyfob.http..")
        .should().dependOnClassesThat().resideInAPackage("dev.keyfob.store..")
        .check(main);
  }
}
