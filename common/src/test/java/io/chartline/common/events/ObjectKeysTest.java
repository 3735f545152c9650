package io.chartline.common.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartline.common.tenant.TenantId;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** The tenant-scoped object key layout {@code tenants/<tenant>/documents/<uuid>} and what it refuses. */
class ObjectKeysTest {

  static final String DOC = "3f2c9a4e-8b1d-4c6f-9e2a-5d7b0c1e4f3a";

  /** A key built from tenant and document parses back to the same tenant and document. */
  @Test
  void documentKeyRoundTrips() {
    TenantId tenant = TenantId.of("demo-clinic_2");
    UUID doc = UUID.fromString(DOC);

    String key = ObjectKeys.documentKey(tenant, doc);

    assertThat(key).isEqualTo("tenants/demo-clinic_2/documents/" + DOC);
    assertThat(ObjectKeys.parse(key)).contains(new ObjectKeys.Location(tenant, doc));
  }

  /** Round trip holds for the shortest and the longest tenant ids and for random document ids. */
  @Test
  void documentKeyRoundTripsAtTheEdgesOfTheTenantFormat() {
    for (String t : new String[] {"a", "0", "a".repeat(63)}) {
      UUID doc = UUID.randomUUID();
      assertThat(ObjectKeys.parse(ObjectKeys.documentKey(TenantId.of(t), doc)))
          .contains(new ObjectKeys.Location(TenantId.of(t), doc));
    }
  }

  /** Keys that stray from the layout (traversal, bad tenant, bad uuid, extra segments, file names) do not parse. */
  @ParameterizedTest
  @ValueSource(strings = {
      "tenants/../x/documents/" + DOC,
      "tenants/demo/../other/documents/" + DOC,
      "tenants/./documents/" + DOC,
      "tenants/demo/documents/../c9a4e-8b1d-4c6f-9e2a-5d7b0c1e4f3a",
      "tenants/a/documents/../documents/" + DOC,
      "tenants/Demo-Clinic/documents/" + DOC,
      "tenants/-demo/documents/" + DOC,
      "tenants//documents/" + DOC,
      "tenants/demo clinic/documents/" + DOC,
      "tenants/demo/x/documents/" + DOC,
      "tenants/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/documents/" + DOC,
      "tenants/demo/documents/not-a-uuid",
      "tenants/demo/documents/3F2C9A4E-8B1D-4C6F-9E2A-5D7B0C1E4F3A",
      "tenants/demo/documents/3f2c9a4e8b1d4c6f9e2a5d7b0c1e4f3a",
      "tenants/demo/documents/00000001-0002-0003-0004-000000000005x",
      "tenants/demo/documents/1-2-3-4-5",
      "tenants/demo/documents/zf2c9a4e-8b1d-4c6f-9e2a-5d7b0c1e4f3a",
      "tenants/demo/documents/" + DOC + "/extra",
      "tenants/demo/documents/" + DOC + "/",
      "tenants/demo/documents/" + DOC + ".pdf",
      "tenants/demo/documents/documents/" + DOC,
      "tenants/demo/documents/",
      "tenants/demo",
      "/tenants/demo/documents/" + DOC,
      "Tenants/demo/documents/" + DOC,
      "tenant/demo/documents/" + DOC,
      "tenants/demo/document/" + DOC,
      "uploads/patient docs/Discharge Summary (1).pdf",
  })
  void rejectsKeysOutsideTheLayout(String key) {
    assertThat(ObjectKeys.parse(key)).isEmpty();
  }

  /** Null and empty keys do not parse. */
  @ParameterizedTest
  @NullAndEmptySource
  void rejectsNullAndEmptyKeys(String key) {
    assertThat(ObjectKeys.parse(key)).isEmpty();
  }
}
