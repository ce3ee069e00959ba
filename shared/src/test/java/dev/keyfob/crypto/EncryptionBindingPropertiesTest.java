package dev.keyfob.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;

/** Property: the associated data of two bindings is equal exactly when the bindings are. */
class EncryptionBindingPropertiesTest {

  @Property(tries = 200)
  void distinctBindingsNeverShareAssociatedData(
      @ForAll @AlphaChars @StringLength(min = 1, max = 6) String p1,
      @ForAll @AlphaChars @StringLength(min = 1, max = 6) String s1,
      @ForAll @AlphaChars @StringLength(min = 1, max = 6) String p2,
      @ForAll @AlphaChars @StringLength(min = 1, max = 6) String s2) {
    boolean same = p1.equals(p2) && s1.equals(s2);
    boolean equalBytes = Arrays.equals(new EncryptionBinding(p1, s1).associatedData(),
        new EncryptionBinding(p2, s2).associatedData());
    assertEquals(same, equalBytes);
  }
}
