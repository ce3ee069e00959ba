package dev.keyfob.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.keyfob.testkit.AwsEmulator;
import dev.keyfob.testkit.Emulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(AwsEmulator.class)
class TableDefinitionTest {

  @Test
  void createIsIdempotentAndTurnsOnTtl(Emulator emulator) {
    String table = emulator.newTable(TableDefinition::create);
    assertFalse(TableDefinition.create(emulator.dynamo(), table), "second create is a no-op");
    var ttl = emulator.dynamo().describeTimeToLive(b -> b.tableName(table))
        .timeToLiveDescription();
    assertEquals(TableDefinition.TTL, ttl.attributeName());
    var index = emulator.dynamo().describeTable(b -> b.tableName(table)).table()
        .globalSecondaryIndexes().get(0);
    assertEquals(TableDefinition.MEMBERS_INDEX, index.indexName());
  }
}
