package io.chartline.devstack.bedrock;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.bedrockruntime.model.CitationsConfig;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.DocumentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.DocumentContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.DocumentFormat;
import software.amazon.awssdk.services.bedrockruntime.model.DocumentSource;
import software.amazon.awssdk.services.bedrockruntime.model.Message;

/** Converse requests built with the SDK's own model classes, as a product would build them. */
final class Conversations {

  static final String CLAUDE = "us.anthropic.claude-sonnet-4-20250514-v1:0";

  private Conversations() {
  }

  static ContentBlock textDocument(String name, String text) {
    return document(name, DocumentSource.fromText(text));
  }

  static ContentBlock bytesDocument(String name, String text) {
    return document(name, DocumentSource.fromBytes(SdkBytes.fromUtf8String(text)));
  }

  static ContentBlock chunkedDocument(String name, String... chunks) {
    List<DocumentContentBlock> content = new ArrayList<>();
    for (String chunk : chunks) {
      content.add(DocumentContentBlock.fromText(chunk));
    }
    return document(name, DocumentSource.fromContent(content));
  }

  static ContentBlock document(String name, DocumentSource source) {
    return ContentBlock.fromDocument(DocumentBlock.builder().name(name).format(DocumentFormat.TXT).source(source)
        .citations(CitationsConfig.builder().enabled(true).build()).build());
  }

  /** One user message: the documents, then the question. */
  static Message ask(String question, ContentBlock... documents) {
    List<ContentBlock> content = new ArrayList<>(List.of(documents));
    content.add(ContentBlock.fromText(question));
    return Message.builder().role(ConversationRole.USER).content(content).build();
  }

  /** The answer text: every text and cited block, joined. */
  static String text(ConverseResponse response) {
    StringBuilder out = new StringBuilder();
    for (ContentBlock block : response.output().message().content()) {
      if (block.text() != null) {
        out.append(block.text());
      } else if (block.citationsContent() != null) {
        block.citationsContent().content().forEach(part -> out.append(part.text()));
      }
    }
    return out.toString();
  }

  /** The cited blocks of a response. */
  static List<ContentBlock> cited(ConverseResponse response) {
    return response.output().message().content().stream().filter(block -> block.citationsContent() != null).toList();
  }
}
