package io.chartline.ingest.parse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The {@code status} column of the PDF corpus's {@code manifest.csv}, by file name relative to the corpus. */
final class CorpusManifest {

  private final Map<String, String> statusByName;

  private CorpusManifest(Map<String, String> statusByName) {
    this.statusByName = statusByName;
  }

  static CorpusManifest read(Path csv) throws IOException {
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    List<String> header = fields(lines.get(0));
    int name = header.indexOf("name");
    int status = header.indexOf("status");
    Map<String, String> statuses = new HashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      List<String> row = fields(line);
      if (row.size() > Math.max(name, status)) {
        statuses.put(row.get(name), row.get(status));
      }
    }
    return new CorpusManifest(statuses);
  }

  /** @return the status, e.g. {@code clean}, {@code MALFORMED;AcroForm}, {@code encrypted;needs-user-password}; "unlisted" when absent. */
  String status(String name) {
    return statusByName.getOrDefault(name, "unlisted");
  }

  /** RFC 4180 fields of one line: commas separate, double quotes enclose, doubled quotes escape. */
  private static List<String> fields(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
        field.append('"');
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    fields.add(field.toString());
    return fields;
  }
}
