package io.chartline.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code /v1/query} citation contract, checked on a reply as a client would read it. */
final class MarkerCheck {

  private static final Pattern MARKER = Pattern.compile("\\[(\\d+)]");

  private MarkerCheck() {
  }

  /**
   * @return true when the markers of {@code answer}, in order of first mention, are exactly the
   *     citations' refs 1..k (so each marker names a returned citation and each citation is used),
   *     and an unanswered reply has neither
   */
  static boolean consistent(JsonObject reply) {
    JsonArray citations = reply.getJsonArray("citations", new JsonArray());
    List<Integer> refs = new ArrayList<>();
    for (int i = 0; i < citations.size(); i++) {
      refs.add(citations.getJsonObject(i).getInteger("ref"));
    }
    Set<Integer> mentioned = new LinkedHashSet<>();
    if (Boolean.TRUE.equals(reply.getBoolean("answered"))) {
      Matcher m = MARKER.matcher(reply.getString("answer", ""));
      while (m.find()) {
        mentioned.add(m.group(1).length() > 9 ? -1 : Integer.parseInt(m.group(1)));
      }
    }
    List<Integer> expected = new ArrayList<>();
    for (int i = 1; i <= refs.size(); i++) {
      expected.add(i);
    }
    return refs.equals(expected) && new ArrayList<>(mentioned).equals(refs);
  }
}
