package io.chartline.devstack.bedrock;

import java.util.List;

/**
 * A document block of a Converse request, as text. A document given as {@code source.text} or
 * {@code source.bytes} is cited by character range ({@code documentChar}); one given as
 * {@code source.content} (a list of text chunks) is cited by chunk range ({@code documentChunk}).
 *
 * @param index  its position among the request's documents, the {@code documentIndex} of citations
 * @param name   its {@code name}, the {@code title} of citations
 * @param chunks the text; a single element for text and bytes sources
 * @param byChunk true for a {@code source.content} document
 * @param cited  whether {@code citations.enabled} is set
 */
record SourceDocument(int index, String name, List<String> chunks, boolean byChunk, boolean cited) {

  SourceDocument {
    chunks = List.copyOf(chunks);
  }
}
