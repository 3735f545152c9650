package io.chartline.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartline.common.store.ChunkStore.Passage;
import io.chartline.common.tenant.DataScope;
import io.chartline.common.tenant.TenantId;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * {@code /v1/query} answers from random passage sets (scores with ties and below the threshold,
 * duplicate chunks, several chunks of one document and page, empty and bracket-numbered text):
 * every marker in the answer names a returned citation, citations are numbered 1..k in order of
 * first mention, each is used, and the sentence before a marker comes from the passage it names.
 */
class AnswerCitationPropertiesTest {

  static final Pattern MARKER = Pattern.compile("\\[(\\d+)]");
  static final TenantId TENANT = TenantId.of("prop-tenant");
  static final UUID[] DOCS = {UUID.fromString("00000000-0000-0000-0000-000000000001"),
      UUID.fromString("00000000-0000-0000-0000-000000000002"),
      UUID.fromString("00000000-0000-0000-0000-000000000003")};
  static final List<String> SENTENCES = List.of(
      "Metformin 500 mg twice daily was prescribed for diabetes.",
      "Metformin was stopped because of gastrointestinal side effects.",
      "Warfarin was held for five days before the procedure [2].",
      "See the dosing table [10] and the renal note [3] for metformin.",
      "DISCHARGE MEDICATIONS: METFORMIN AND WARFARIN",
      "Aspirin.",
      "",
      "   ",
      "Blood pressure was elevated at the visit.",
      "The warfarin dose was 5 mg daily for atrial fibrillation.",
      "Follow up in three months with repeat labs of creatinine.",
      "Metformin 500 mg twice daily was prescribed for diabetes.");
  static final List<String> QUESTIONS = List.of("What dose of metformin was prescribed?",
      "Why was warfarin held?", "creatinine follow up", "?", "the and of");
  static final Set<String> REASONS = Set.of("no_passages", "below_threshold", "no_answer_text", "uncited");

  /** One stored chunk: a search may return it several times only as the same row. */
  record Row(UUID doc, int chunkIndex, int page, String content) {
  }

  record Case(List<Passage> passages, String question, double minScore, int sentences) {
  }

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<String> content = Arbitraries.of(SENTENCES).list().ofMaxSize(4)
        .map(l -> String.join(l.size() % 2 == 0 ? " " : "\n\n", l));
    Arbitrary<Row> row = Combinators.combine(Arbitraries.integers().between(0, DOCS.length - 1),
        Arbitraries.integers().between(0, 3), Arbitraries.integers().between(1, 3), content)
        .as((d, c, p, text) -> new Row(DOCS[d], c, p, text));
    Arbitrary<Double> score = Arbitraries.oneOf(Arbitraries.of(-0.1, 0.0, 0.2, 0.37, 0.5, 0.55, 0.7, 0.9, 1.0),
        Arbitraries.doubles().between(0, 1));
    Arbitrary<List<Passage>> passages = row.list().ofMinSize(1).ofMaxSize(6).flatMap(rows ->
        Combinators.combine(Arbitraries.integers().between(0, rows.size() - 1), score).as((i, s) -> {
          Row r = rows.get(i);
          // a row found twice is the same chunk: same document, index, page and text
          Row same = rows.stream().filter(o -> o.doc().equals(r.doc()) && o.chunkIndex() == r.chunkIndex())
              .findFirst().orElseThrow();
          return new Passage(same.doc(), "Note", same.chunkIndex(), same.page(), 0, same.content().length(),
              same.content(), null, s, null);
        }).list().ofMaxSize(10));
    return Combinators.combine(passages, Arbitraries.of(QUESTIONS),
        Arbitraries.of(0.0, 0.2, 0.5, 0.55, 0.9), Arbitraries.integers().between(1, 5)).as(Case::new);
  }

  /** Markers and citations agree for any retrieved set. */
  @Property(tries = 2000)
  void markersNameReturnedCitationsNumberedInOrderOfFirstMention(@ForAll("cases") Case c) {
    JsonObject reply = query(c);
    JsonArray citations = reply.getJsonArray("citations");
    String answer = reply.getString("answer");
    List<Integer> markers = markers(answer, reply.getBoolean("answered"));
    Statistics.label("citations").collect(citations.size());

    List<Integer> refs = new ArrayList<>();
    Set<String> chunks = new HashSet<>();
    for (int i = 0; i < citations.size(); i++) {
      JsonObject cit = citations.getJsonObject(i);
      refs.add(cit.getInteger("ref"));
      int p = cit.getInteger("passage");
      assertThat(p).isBetween(1, c.passages().size());
      Passage source = c.passages().get(p - 1);
      assertThat(cit.getString("document_id")).isEqualTo(source.documentId().toString());
      assertThat(cit.getInteger("chunk_index")).isEqualTo(source.chunkIndex());
      assertThat(cit.getInteger("page")).isEqualTo(source.page());
      assertThat(source.score()).isGreaterThanOrEqualTo(c.minScore());
      assertThat(chunks.add(source.documentId() + "/" + source.chunkIndex())).as("one citation per chunk").isTrue();
    }
    assertThat(refs).as("refs are 1..k").isEqualTo(range(citations.size()));
    assertThat(new HashSet<>(markers)).as("markers ⊆ citations, and every citation used")
        .isEqualTo(new HashSet<>(refs));
    assertThat(firstMentions(markers)).as("numbered in order of first mention").isEqualTo(refs);
    assertSentencesComeFromTheirCitations(answer, markers, citations, c.passages());
  }

  /** Answered exactly when a passage reaches the threshold and a sentence could be cited; otherwise a reason. */
  @Property(tries = 1000)
  void answeredOnlyAtOrAboveTheThresholdAndOtherwiseAReason(@ForAll("cases") Case c) {
    JsonObject reply = query(c);
    double best = c.passages().stream().mapToDouble(Passage::score).max().orElse(Double.NEGATIVE_INFINITY);
    boolean answered = reply.getBoolean("answered");

    assertThat(answered).isEqualTo(!reply.getJsonArray("citations").isEmpty());
    if (answered) {
      assertThat(best).isGreaterThanOrEqualTo(c.minScore());
      assertThat(reply.containsKey("reason")).isFalse();
    } else {
      assertThat(reply.getString("reason")).isIn(REASONS);
      assertThat(markers(reply.getString("answer"), true)).isEmpty();
      if (c.passages().isEmpty()) {
        assertThat(reply.getString("reason")).isEqualTo("no_passages");
      } else if (best < c.minScore()) {
        assertThat(reply.getString("reason")).isEqualTo("below_threshold");
      }
    }
  }

  /** The same passages and threshold give the same reply (ties included): numbering is deterministic. */
  @Property(tries = 300)
  void theSameRetrievalGivesTheSameAnswer(@ForAll("cases") Case c) {
    JsonObject a = query(c);
    JsonObject b = query(c);
    assertThat(a.getString("answer")).isEqualTo(b.getString("answer"));
    assertThat(a.getJsonArray("citations")).isEqualTo(b.getJsonArray("citations"));
  }

  static JsonObject query(Case c) {
    QueryService service = AnswerFixtures.service(c.passages(), c.minScore(), c.sentences());
    Future<JsonObject> reply = service.query(DataScope.tenant(TENANT), c.question(), 10);
    assertThat(reply.isComplete()).as("fakes complete at once").isTrue();
    JsonObject out = reply.result().copy();
    out.remove("timings");
    return out;
  }

  static List<Integer> markers(String answer, boolean answered) {
    List<Integer> out = new ArrayList<>();
    if (!answered) {
      return out;
    }
    Matcher m = MARKER.matcher(answer);
    while (m.find()) {
      out.add(Integer.parseInt(m.group(1)));
    }
    return out;
  }

  static List<Integer> firstMentions(List<Integer> markers) {
    List<Integer> out = new ArrayList<>();
    for (int m : markers) {
      if (!out.contains(m)) {
        out.add(m);
      }
    }
    return out;
  }

  static List<Integer> range(int k) {
    List<Integer> out = new ArrayList<>();
    for (int i = 1; i <= k; i++) {
      out.add(i);
    }
    return out;
  }

  /** Each marker follows a sentence of the passage its citation points to (brackets in the text read as parentheses). */
  static void assertSentencesComeFromTheirCitations(String answer, List<Integer> markers, JsonArray citations,
      List<Passage> passages) {
    Matcher m = MARKER.matcher(answer);
    int from = 0;
    while (m.find()) {
      String sentence = answer.substring(from, m.start()).strip();
      int ref = Integer.parseInt(m.group(1));
      Optional<JsonObject> cit = citations.stream().map(JsonObject.class::cast)
          .filter(o -> o.getInteger("ref") == ref).findFirst();
      assertThat(cit).as("marker [" + ref + "] has a citation").isPresent();
      String content = passages.get(cit.get().getInteger("passage") - 1).content();
      String normalised = MARKER.matcher(content.replaceAll("\\s+", " ")).replaceAll("($1)");
      assertThat(normalised).as("marker [" + ref + "] follows a sentence of its passage").contains(sentence);
      from = m.end();
    }
  }
}
