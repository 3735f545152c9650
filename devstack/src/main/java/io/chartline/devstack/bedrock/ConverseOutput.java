package io.chartline.devstack.bedrock;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@link Answer} in Bedrock's shapes: the Converse response body, and the ConverseStream event
 * sequence ({@code messageStart}; per content block its {@code contentBlockDelta} text pieces, a
 * {@code citation} delta when cited, and {@code contentBlockStop}; {@code messageStop};
 * {@code metadata}). Cited blocks are {@code citationsContent} blocks whose citations carry the
 * document's name as {@code title}, the cited text as {@code sourceContent} and a {@code documentChar}
 * or {@code documentChunk} location; other blocks are plain {@code text}. As in Bedrock, text blocks
 * have no {@code contentBlockStart} event (its union only has members for tool use and images).
 */
final class ConverseOutput {

  /** Words per text delta of a stream. */
  private static final int WORDS_PER_DELTA = 3;

  /** One stream event: its {@code :event-type} and JSON payload. */
  record Event(String type, ObjectNode payload) {
  }

  private final ObjectMapper json;
  private final Answer answer;
  private final int inputTokens;

  ConverseOutput(ObjectMapper json, Answer answer, int inputTokens) {
    this.json = json;
    this.answer = answer;
    this.inputTokens = inputTokens;
  }

  /** The Converse response body, with {@code latencyMs} as given. */
  ObjectNode response(long latencyMs) {
    ObjectNode out = json.createObjectNode();
    ObjectNode message = out.putObject("output").putObject("message").put("role", "assistant");
    ArrayNode content = message.putArray("content");
    for (Answer.Part part : answer.parts()) {
      if (part.citation() == null) {
        content.addObject().put("text", part.text());
        continue;
      }
      ObjectNode cited = content.addObject().putObject("citationsContent");
      cited.putArray("content").addObject().put("text", part.text());
      cited.putArray("citations").add(citation(part.citation()));
    }
    out.put("stopReason", answer.stopReason());
    usage(out.putObject("usage"));
    out.putObject("metrics").put("latencyMs", latencyMs);
    return out;
  }

  /** The stream's events up to (not including) {@code metadata}, which {@link #metadata} builds when sent. */
  List<Event> streamEvents() {
    List<Event> events = new ArrayList<>();
    events.add(new Event("messageStart", json.createObjectNode().put("role", "assistant")));
    for (int i = 0; i < answer.parts().size(); i++) {
      Answer.Part part = answer.parts().get(i);
      for (String piece : pieces(part.text())) {
        ObjectNode delta = json.createObjectNode().put("contentBlockIndex", i);
        delta.putObject("delta").put("text", piece);
        events.add(new Event("contentBlockDelta", delta));
      }
      if (part.citation() != null) {
        ObjectNode delta = json.createObjectNode().put("contentBlockIndex", i);
        delta.putObject("delta").set("citation", citation(part.citation()));
        events.add(new Event("contentBlockDelta", delta));
      }
      events.add(new Event("contentBlockStop", json.createObjectNode().put("contentBlockIndex", i)));
    }
    events.add(new Event("messageStop", json.createObjectNode().put("stopReason", answer.stopReason())));
    return events;
  }

  /** The closing {@code metadata} event. */
  Event metadata(long latencyMs) {
    ObjectNode payload = json.createObjectNode();
    usage(payload.putObject("usage"));
    payload.putObject("metrics").put("latencyMs", latencyMs);
    return new Event("metadata", payload);
  }

  private void usage(ObjectNode usage) {
    usage.put("inputTokens", inputTokens).put("outputTokens", answer.outputTokens())
        .put("totalTokens", inputTokens + answer.outputTokens());
  }

  private ObjectNode citation(Answer.Citation citation) {
    ObjectNode node = json.createObjectNode().put("title", citation.title());
    node.putArray("sourceContent").addObject().put("text", citation.sourceText());
    node.putObject("location").putObject(citation.byChunk() ? "documentChunk" : "documentChar")
        .put("documentIndex", citation.documentIndex()).put("start", citation.start()).put("end", citation.end());
    return node;
  }

  /** {@code text} in pieces of a few words, each keeping its trailing whitespace, so they join back exactly. */
  static List<String> pieces(String text) {
    List<String> pieces = new ArrayList<>();
    int start = 0;
    int words = 0;
    for (int i = 0; i < text.length(); i++) {
      boolean wordEnds = !Character.isWhitespace(text.charAt(i))
          && (i + 1 == text.length() || Character.isWhitespace(text.charAt(i + 1)));
      if (wordEnds && ++words == WORDS_PER_DELTA) {
        int end = i + 1;
        while (end < text.length() && Character.isWhitespace(text.charAt(end))) {
          end++;
        }
        pieces.add(text.substring(start, end));
        start = end;
        words = 0;
        i = end - 1;
      }
    }
    if (start < text.length()) {
      pieces.add(text.substring(start));
    }
    return pieces;
  }
}
