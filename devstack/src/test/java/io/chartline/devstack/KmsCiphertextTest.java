package io.chartline.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class KmsCiphertextTest {

  private final SecureRandom random = new SecureRandom();
  private final byte[] material = bytes(32);
  private final UUID keyId = UUID.randomUUID();

  @Test
  void canonicalContextIgnoresMapOrderButNotContent() {
    Map<String, String> ab = new LinkedHashMap<>();
    ab.put("a", "1");
    ab.put("b", "2");
    Map<String, String> ba = new LinkedHashMap<>();
    ba.put("b", "2");
    ba.put("a", "1");

    assertThat(KmsCiphertext.canonicalContext(ab)).isEqualTo(KmsCiphertext.canonicalContext(ba));
    assertThat(KmsCiphertext.canonicalContext(Map.of())).isEqualTo(KmsCiphertext.canonicalContext(null));
    assertThat(KmsCiphertext.canonicalContext(Map.of("a", "bc")))
        .isNotEqualTo(KmsCiphertext.canonicalContext(Map.of("ab", "c")));
  }

  @Test
  void blobNamesItsKeyAndMaterialAndOpensOnlyWithTheSameContextAndMaterial() {
    byte[] plaintext = "data key".getBytes(StandardCharsets.UTF_8);
    byte[] blob = KmsCiphertext.seal(keyId, 3, material, plaintext, Map.of("tenant-id", "t-1"), random);

    KmsCiphertext.Parsed parsed = KmsCiphertext.parse(blob);

    assertThat(parsed.keyId()).isEqualTo(keyId);
    assertThat(parsed.materialVersion()).isEqualTo(3);
    assertThat(KmsCiphertext.open(parsed, material, Map.of("tenant-id", "t-1"))).isEqualTo(plaintext);
    assertThatThrownBy(() -> KmsCiphertext.open(parsed, material, Map.of("tenant-id", "t-2")))
        .isInstanceOfSatisfying(KmsError.class, e -> assertThat(e.type()).isEqualTo("InvalidCiphertextException"));
    assertThatThrownBy(() -> KmsCiphertext.open(parsed, bytes(32), Map.of("tenant-id", "t-1")))
        .isInstanceOf(KmsError.class);
  }

  @Test
  void headerIsAuthenticated() {
    byte[] blob = KmsCiphertext.seal(keyId, 0, material, new byte[] {1, 2, 3}, Map.of(), random);
    blob[20] = 1; // material version 0 -> 1

    KmsCiphertext.Parsed parsed = KmsCiphertext.parse(blob);

    assertThatThrownBy(() -> KmsCiphertext.open(parsed, material, Map.of())).isInstanceOf(KmsError.class);
  }

  @Test
  void shortOrForeignBlobsAreInvalidCiphertext() {
    byte[] otherVersion = KmsCiphertext.seal(keyId, 0, material, new byte[] {1}, Map.of(), random);
    otherVersion[0] = 2;

    for (byte[] blob : new byte[][] {new byte[0], bytes(48), otherVersion}) {
      assertThatThrownBy(() -> KmsCiphertext.parse(blob))
          .isInstanceOfSatisfying(KmsError.class, e -> assertThat(e.type()).isEqualTo("InvalidCiphertextException"));
    }
  }

  private byte[] bytes(int n) {
    byte[] out = new byte[n];
    random.nextBytes(out);
    return out;
  }
}
