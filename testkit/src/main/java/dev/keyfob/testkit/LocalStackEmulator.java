package dev.keyfob.testkit;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.containers.localstack.LocalStackContainer.Service;
import org.testcontainers.utility.DockerImageName;

/**
 * Starts LocalStack through Testcontainers for the {@code localstack} profile. Kept apart so the
 * Testcontainers classes load only when that profile is chosen.
 */
final class LocalStackEmulator {

  private LocalStackEmulator() {}

  static AwsEmulator.Holder start() {
    boolean docker;
    try {
      docker = DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException e) {
      docker = false;
    }
    if (!docker) {
      return AwsEmulator.Holder.skipped("LocalStack profile chosen but no Docker engine is"
          + " available here: the emulator tests are skipped, not failed. Run without"
          + " -Plocalstack to use moto_server.");
    }
    String image = System.getProperty("keyfob.localstack.image", "localstack/localstack:4.4");
    LocalStackContainer container = new LocalStackContainer(DockerImageName.parse(image))
        .withServices(Service.DYNAMODB, Service.KMS);
    container.start();
    Emulator e = new Emulator(container.getEndpoint(), "LocalStack " + image + " at "
        + container.getEndpoint());
    return AwsEmulator.Holder.owning(e, container::stop);
  }
}
