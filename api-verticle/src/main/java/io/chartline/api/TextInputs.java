package io.chartline.api;

import io.chartline.common.error.ErrorCode;
import io.chartline.common.text.TextRules;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Set;

/**
 * The text a request carries outside a JSON body, checked on every {@code /v1} route before the
 * route reads it: query parameters, path parameters, the headers that carry text, and (after the
 * body handler) multipart fields and file names. Each must satisfy {@link TextRules}; anything else
 * answers 400 {@code INVALID_PARAMETER} naming the field (a field the API does not know is named
 * generically, since its name is input too).
 *
 * <p>PHI never travels in a URL, where access logs, proxies and browser histories keep it: a
 * {@code title} or {@code patient_id} query parameter is refused on every route, pointing at the
 * header or multipart field that carries it instead.
 */
public final class TextInputs {

  /** Document title of a raw-body upload: percent-encoded UTF-8 (RFC 3986). */
  public static final String TITLE_HEADER = "X-Document-Title";
  /** Patient of an upload, or the patient filter of a listing. */
  public static final String PATIENT_HEADER = "X-Patient-Id";

  private static final Map<String, String> PHI_IN_URL = Map.of(
      "title", "send it in the " + TITLE_HEADER + " header (percent-encoded UTF-8) or the multipart field 'title'",
      "patient_id", "send it in the " + PATIENT_HEADER + " header (or, on uploads, the multipart field 'patient_id')");
  private static final Set<String> KNOWN_QUERY = Set.of("limit", "offset", "status");
  private static final Set<String> KNOWN_FORM = Set.of("title", "patient_id", "file");
  private static final Set<String> TEXT_HEADERS = Set.of(TITLE_HEADER, PATIENT_HEADER, BreakGlass.HEADER);

  private TextInputs() {
  }

  /** For every {@code /v1} route, before its body is read: query, path parameters and text headers. */
  public static void beforeBody(RoutingContext ctx) {
    MultiMap query = ctx.queryParams();
    for (String name : query.names()) {
      String advice = PHI_IN_URL.get(name);
      if (advice != null) {
        refuse(ctx, "'" + name + "' may not be sent in the URL, where access logs and proxies keep it; " + advice);
        return;
      }
      String field = KNOWN_QUERY.contains(name) ? "query parameter '" + name + "'" : "a query parameter";
      if (!TextRules.isLine(name) || !query.getAll(name).stream().allMatch(TextRules::isLine)) {
        refuse(ctx, field + " " + TextRules.RULE);
        return;
      }
    }
    for (Map.Entry<String, String> p : ctx.pathParams().entrySet()) {
      if (!TextRules.isLine(p.getValue())) {
        refuse(ctx, "path parameter '" + p.getKey() + "' " + TextRules.RULE);
        return;
      }
    }
    for (String header : TEXT_HEADERS) {
      for (String value : ctx.request().headers().getAll(header)) {
        if (!TextRules.isHeaderAscii(value)) {
          refuse(ctx, header + " must be visible ASCII (percent-encode other characters)");
          return;
        }
      }
    }
    ctx.next();
  }

  /** After a multipart body handler: every form field and every file name. */
  public static void formFields(RoutingContext ctx) {
    MultiMap form = ctx.request().formAttributes();
    for (String name : form.names()) {
      String field = KNOWN_FORM.contains(name) ? "multipart field '" + name + "'" : "a multipart field";
      if (!TextRules.isLine(name) || !form.getAll(name).stream().allMatch(TextRules::isLine)) {
        refuse(ctx, field + " " + TextRules.RULE);
        return;
      }
    }
    for (FileUpload file : ctx.fileUploads()) {
      if (!TextRules.isLine(file.fileName()) || !TextRules.isLine(file.name())) {
        refuse(ctx, "the multipart file name " + TextRules.RULE);
        return;
      }
    }
    ctx.next();
  }

  private static void refuse(RoutingContext ctx, String message) {
    ApiErrors.send(ctx, ErrorCode.INVALID_PARAMETER, message);
  }
}
