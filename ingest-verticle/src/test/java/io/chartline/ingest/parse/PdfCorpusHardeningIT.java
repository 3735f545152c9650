package io.chartline.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.chartline.ingest.chunk.ChunkInvariants;
import io.chartline.ingest.chunk.ChunkerConfig;
import io.chartline.ingest.chunk.SentenceChunker;
import io.chartline.onnx.OnnxEmbedder;
import io.chartline.onnx.WordPieceTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs detection, extraction and chunking over the shared corpus of real-world, malformed,
 * encrypted and clinical-looking PDFs: every file must end parsed (with chunks that keep all
 * {@link ChunkInvariants}) or as a {@link ParseException} with a code, within its budget, and
 * nothing may hang or throw anything else. Files the manifest calls clean must parse (or be
 * image-only). Skipped when the corpus is absent.
 */
class PdfCorpusHardeningIT {

  /** Per-file extraction budget; {@code -Dchartline.corpus.budget=PT10S} on a slow machine. */
  private static final Duration BUDGET = Duration.parse(System.getProperty("chartline.corpus.budget", "PT5S"));
  private static final Duration GRACE = Duration.ofSeconds(3);

  private record Outcome(String name, String status, String result, long millis) {}

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void everyPdfEndsParsedOrWithACodeWithinItsBudget() throws IOException {
    Path corpus = SharedData.root().resolve("pdfs");
    assumeTrue(Files.isDirectory(corpus), "PDF corpus not found at " + corpus + "; set -Dchartline.shared.data to run");
    CorpusManifest manifest = CorpusManifest.read(corpus.resolve("manifest.csv"));
    PdfTextExtractor extractor = new PdfTextExtractor(
        new PdfExtractionConfig(64L << 20, 2000, BUDGET, 16L << 20), Clock.systemUTC());
    WordPieceTokenizer tokenizer = WordPieceTokenizer.fromClasspath(OnnxEmbedder.TOKENIZER_RESOURCE);
    SentenceChunker chunker = new SentenceChunker(ChunkerConfig.defaults(), tokenizer);

    List<Path> files;
    try (Stream<Path> walk = Files.walk(corpus)) {
      files = walk.filter(p -> p.toString().endsWith(".pdf")).sorted().toList();
    }
    List<Outcome> outcomes = files.stream().map(file -> {
      String name = corpus.relativize(file).toString().replace('\\', '/');
      long started = System.nanoTime();
      String result = runWithinBudget(file, extractor, chunker, tokenizer);
      return new Outcome(name, manifest.status(name), result, (System.nanoTime() - started) / 1_000_000);
    }).toList();

    report(outcomes);
    assertThat(outcomes).hasSizeGreaterThan(0);
    assertThat(outcomes).filteredOn(o -> o.result().startsWith("HUNG") || o.result().startsWith("CRASHED")
        || o.result().startsWith("INVARIANT")).isEmpty();
    assertThat(outcomes).allSatisfy(o -> assertThat(o.millis()).as(o.name()).isLessThan(BUDGET.plus(GRACE).toMillis()));
    assertThat(outcomes).filteredOn(o -> o.status().equals("clean"))
        .allSatisfy(o -> assertThat(o.result()).as(o.name()).isIn("PARSED", "NO_EXTRACTABLE_TEXT"));
  }

  private static String runWithinBudget(Path file, PdfTextExtractor extractor, SentenceChunker chunker, WordPieceTokenizer tokenizer) {
    CompletableFuture<String> run = new CompletableFuture<>();
    Thread worker = new Thread(() -> {
      try {
        run.complete(parseAndChunk(Files.readAllBytes(file), extractor, chunker, tokenizer));
      } catch (Throwable t) {
        run.completeExceptionally(t);
      }
    }, "corpus-" + file.getFileName());
    // A hung parse must not keep the test JVM alive.
    worker.setDaemon(true);
    worker.start();
    try {
      return run.get(BUDGET.plus(GRACE).toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return "HUNG";
    } catch (Exception e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      return (cause instanceof AssertionError ? "INVARIANT " : "CRASHED ") + cause;
    }
  }

  private static String parseAndChunk(byte[] bytes, PdfTextExtractor extractor, SentenceChunker chunker, WordPieceTokenizer tokenizer) {
    DetectionResult detected = new TypeDetector().detect(bytes, "application/pdf");
    if (!detected.supported()) {
      return detected.failureCode();
    }
    if (detected.type() != DocumentType.PDF) {
      return "DETECTED_" + detected.type();
    }
    try {
      ParsedDocument document = extractor.extract(bytes);
      ChunkInvariants.assertHold(document, chunker.chunk(document), ChunkerConfig.defaults(), tokenizer, "corpus file");
      return "PARSED";
    } catch (ParseException e) {
      return e.code();
    }
  }

  private static void report(List<Outcome> outcomes) {
    Map<String, Long> byResult = new TreeMap<>(outcomes.stream().collect(Collectors.groupingBy(Outcome::result, Collectors.counting())));
    Map<String, Long> byStatusAndResult = new TreeMap<>(outcomes.stream().collect(
        Collectors.groupingBy(o -> o.status().split(";")[0] + " -> " + o.result(), Collectors.counting())));
    System.out.println("pdf corpus: " + outcomes.size() + " files, total ms "
        + outcomes.stream().mapToLong(Outcome::millis).sum());
    byResult.forEach((result, count) -> System.out.println("  " + result + ": " + count));
    byStatusAndResult.forEach((key, count) -> System.out.println("  manifest " + key + ": " + count));
    outcomes.stream().sorted(Comparator.comparingLong(Outcome::millis).reversed()).limit(8)
        .forEach(o -> System.out.println("  slow: " + o.name() + " " + o.millis() + " ms -> " + o.result()));
    outcomes.stream().filter(o -> !o.result().equals("PARSED"))
        .forEach(o -> System.out.println("  not parsed: " + o.name() + " [" + o.status() + "] -> " + o.result()));
  }
}
