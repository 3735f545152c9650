package io.chartline.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code --roles} parsing: all/empty mean every role, a list selects roles, unknown names fail clearly. */
class RoleTest {

  /** null, empty, blank and "all" (any case, padded) mean every role. */
  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"  ", "all", "ALL", " All "})
  void allOrEmptyMeansEveryRole(String csv) {
    assertThat(Role.parse(csv)).containsExactlyInAnyOrder(Role.values());
  }

  /** A comma-separated list selects exactly those roles, ignoring case, padding, repeats and a trailing comma. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "api                    | API",
      "api,query              | API,QUERY",
      "' Ingest , EMBED '     | INGEST,EMBED",
      "audit,audit            | AUDIT",
      "api,ingest,embed,query,audit | API,INGEST,EMBED,QUERY,AUDIT",
      "'query,'               | QUERY",
  })
  void aListSelectsExactlyThoseRoles(String csv, String expected) {
    EnumSet<Role> want = EnumSet.noneOf(Role.class);
    for (String r : expected.split(",")) {
      want.add(Role.valueOf(r));
    }
    assertThat(Role.parse(csv)).containsExactlyInAnyOrderElementsOf(want);
  }

  /** An unknown role fails with a message naming it and listing the valid ones. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"api,search | search", "worker | worker", "all,api | all", "api;query | api;query"})
  void anUnknownRoleFailsNamingIt(String csv, String unknown) {
    assertThatThrownBy(() -> Role.parse(csv))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + unknown + "'")
        .hasMessageContaining("api, ingest, embed, query, audit");
  }
}
