package io.chartline.launcher;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** Deployable roles; one process may run any set of them. */
public enum Role {
  API, INGEST, EMBED, QUERY, AUDIT;

  /** Parses {@code api,ingest,...}; {@code all} or empty means every role. */
  public static Set<Role> parse(String csv) {
    if (csv == null || csv.isBlank() || csv.trim().equalsIgnoreCase("all")) {
      return EnumSet.allOf(Role.class);
    }
    EnumSet<Role> out = EnumSet.noneOf(Role.class);
    for (String s : csv.split(",")) {
      try {
        out.add(valueOf(s.trim().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--roles: unknown role '" + s.trim()
            + "' (expected api, ingest, embed, query, audit)");
      }
    }
    return out;
  }
}
