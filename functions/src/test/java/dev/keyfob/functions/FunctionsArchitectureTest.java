package dev.keyfob.functions;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The Lambda handlers stay thin: they reach the shared library only through its composition root
 * ({@code app}) and its HTTP mapping ({@code http}), never a service, a repository or a crypto
 * class directly.
 */
class FunctionsArchitectureTest {

  @Test
  void functionsUseTheSharedLibraryOnlyThroughAppAndHttp() {
    JavaClasses functions = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.keyfob.functions");
    noClasses().that().resideInAPackage("dev.keyfob.functions..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.keyfob.service..",
            "dev.keyfob.policy..", "dev.keyfob.token..", "dev.keyfob.store..",
            "dev.keyfob.totp..", "dev.keyfob.crypto..", "dev.keyfob.recovery..",
            "dev.keyfob.config..", "dev.keyfob.problem..", "dev.keyfob.aws..",
            "dev.keyfob.webauthn..")
        .check(functions);
  }
}
