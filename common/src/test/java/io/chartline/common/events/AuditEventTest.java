package io.chartline.common.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code audit.events.v1}: round trip, nulls for unknown actors, strict top level, lenient nested objects. */
class AuditEventTest {

  static final AuditEvent READ = new AuditEvent(UUID.fromString("b7e1d0c2-4a5f-4e8b-9c3d-2f1a6e7d8c9b"),
      Instant.parse("2025-03-11T14:07:45.120Z"), "demo-clinic", "demo-demo-clinic", List.of("clinician", "analyst"),
      "document.read", "document", "3f2c9a4e-8b1d-4c6f-9e2a-5d7b0c1e4f3a", AuditEvent.Outcome.SUCCESS, null,
      "req-7f3a9c1e");

  static final AuditEvent BAD_TOKEN = new AuditEvent(UUID.fromString("0c4e2a6b-1d3f-4b5a-8e7c-9a2b4d6f8e1c"),
      Instant.parse("2025-03-11T14:08:01.002Z"), null, null, List.of(), "auth.authenticate", "route",
      "/v1/documents", AuditEvent.Outcome.FAILURE, "TOKEN_EXPIRED", null);

  static JsonObject json() {
    return READ.toJson();
  }

  static void assertUndecodable(JsonObject o) {
    byte[] payload = o.encode().getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> AuditEvent.decode(payload)).isInstanceOf(EventDecodeException.class);
  }

  /** encode → decode returns an equal event, roles in order; the Kafka key is the tenant. */
  @Test
  void roundTrip() {
    AuditEvent out = AuditEvent.decode(READ.encode());

    assertThat(out).isEqualTo(READ);
    assertThat(out.roles()).containsExactly("clinician", "analyst");
    assertThat(out.kafkaKey()).isEqualTo("demo-clinic");
  }

  /** An event without tenant, subject or roles round-trips with nulls, written as explicit JSON nulls, keyed "_none". */
  @Test
  void roundTripWithoutTenantOrSubject() {
    JsonObject encoded = BAD_TOKEN.toJson();
    assertThat(encoded.containsKey("tenantId")).isTrue();
    assertThat(encoded.getValue("tenantId")).isNull();
    assertThat(encoded.getValue("requestId")).isNull();

    AuditEvent out = AuditEvent.decode(BAD_TOKEN.encode());

    assertThat(out).isEqualTo(BAD_TOKEN);
    assertThat(out.tenantId()).isNull();
    assertThat(out.subject()).isNull();
    assertThat(out.roles()).isEmpty();
    assertThat(out.kafkaKey()).isEqualTo(AuditEvent.NO_TENANT_KEY);
  }

  /** The token issuer travels in actor.issuer; an event without one (older producers) decodes with null. */
  @Test
  void issuerRoundTripsInsideActorAndMayBeAbsent() {
    AuditEvent withIssuer = new AuditEvent(READ.eventId(), READ.occurredAt(), READ.tenantId(), READ.subject(),
        READ.roles(), READ.action(), READ.resourceType(), READ.resourceId(), READ.outcome(), null, READ.requestId(),
        "https://idp.example/realms/c");
    assertThat(withIssuer.toJson().getJsonObject("actor").getString("issuer")).isEqualTo("https://idp.example/realms/c");
    assertThat(AuditEvent.decode(withIssuer.encode())).isEqualTo(withIssuer);

    JsonObject older = json();
    older.getJsonObject("actor").remove("issuer");
    assertThat(AuditEvent.decode(older.encode().getBytes(StandardCharsets.UTF_8)).issuer()).isNull();
  }

  static final AuditEvent REPEATED = new AuditEvent(UUID.fromString("5d1c3e7a-9b2f-4a6c-8e0d-1f3a5c7e9b2d"),
      Instant.parse("2025-03-11T14:09:00.500Z"), null, null, List.of(), "auth.authenticate", "source", "203.0.113.7",
      AuditEvent.Outcome.FAILURE, AuditEvent.REPEATED_FAILURES, null, null,
      new AuditEvent.Repeats(298, Instant.parse("2025-03-11T14:08:01.002Z"), Instant.parse("2025-03-11T14:09:00.500Z"),
          Map.of("TOKEN_MISSING", 98, "RATE_LIMITED", 200)));

  /** An aggregated event carries its repeats inside resource (where consumers tolerate extra fields) and round-trips. */
  @Test
  void repeatsTravelInsideResourceAndRoundTrip() {
    JsonObject repeats = REPEATED.toJson().getJsonObject("resource").getJsonObject("repeats");
    assertThat(repeats.getInteger("count")).isEqualTo(298);
    assertThat(repeats.getString("firstAt")).isEqualTo("2025-03-11T14:08:01.002Z");
    assertThat(repeats.getJsonObject("reasons").fieldNames()).containsExactly("RATE_LIMITED", "TOKEN_MISSING");

    assertThat(AuditEvent.decode(REPEATED.encode())).isEqualTo(REPEATED);
    assertThat(AuditEvent.decode(READ.encode()).repeats()).isNull();
    assertThat(READ.toJson().getJsonObject("resource").containsKey("repeats")).isFalse();
  }

  /** Repeats whose count disagrees with its reasons, or that run backwards in time, are refused on both sides. */
  @Test
  void inconsistentRepeatsAreRefused() {
    Instant t = Instant.parse("2025-03-11T14:08:01Z");
    assertThatThrownBy(() -> new AuditEvent.Repeats(3, t, t, Map.of("TOKEN_MISSING", 2)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AuditEvent.Repeats(1, t, t.minusSeconds(1), Map.of("TOKEN_MISSING", 1)))
        .isInstanceOf(IllegalArgumentException.class);
    JsonObject wrongCount = REPEATED.toJson();
    wrongCount.getJsonObject("resource").getJsonObject("repeats").put("count", 5);
    assertUndecodable(wrongCount);
    JsonObject zero = REPEATED.toJson();
    zero.getJsonObject("resource").getJsonObject("repeats").getJsonObject("reasons").put("RATE_LIMITED", 0);
    assertUndecodable(zero);
    JsonObject extra = REPEATED.toJson();
    extra.getJsonObject("resource").getJsonObject("repeats").put("subjects", new JsonArray().add("x"));
    assertUndecodable(extra);
  }

  /** Every outcome is written in lower case and decoded back. */
  @Test
  void everyOutcomeRoundTripsInLowerCase() {
    for (AuditEvent.Outcome outcome : AuditEvent.Outcome.values()) {
      JsonObject o = json().put("outcome", outcome.name().toLowerCase());
      assertThat(AuditEvent.decode(o.encode().getBytes(StandardCharsets.UTF_8)).outcome()).isEqualTo(outcome);
    }
    assertThat(READ.toJson().getString("outcome")).isEqualTo("success");
  }

  /** An unknown top-level field is rejected. */
  @Test
  void rejectsAnUnknownTopLevelField() {
    assertUndecodable(json().put("query", "chest pain"));
  }

  /** Extra fields inside actor and resource are tolerated, as the contract allows. */
  @Test
  void toleratesExtraFieldsInsideActorAndResource() {
    JsonObject o = json();
    o.getJsonObject("actor").put("clientId", "web");
    o.getJsonObject("resource").put("version", 2);

    assertThat(AuditEvent.decode(o.encode().getBytes(StandardCharsets.UTF_8))).isEqualTo(READ);
  }

  /** Each required top-level field, when missing, makes the record undecodable. */
  @ParameterizedTest
  @ValueSource(strings = {"eventId", "occurredAt", "actor", "action", "resource", "outcome"})
  void rejectsAMissingRequiredField(String field) {
    JsonObject o = json();
    o.remove(field);
    assertUndecodable(o);
  }

  /** actor.roles is required (an empty array when unauthenticated) and holds strings only. */
  @Test
  void rejectsMissingOrMistypedRoles() {
    JsonObject missing = json();
    missing.getJsonObject("actor").remove("roles");
    assertUndecodable(missing);
    JsonObject mistyped = json();
    mistyped.getJsonObject("actor").put("roles", new JsonArray().add(7));
    assertUndecodable(mistyped);
  }

  /** Unknown outcomes, bad times, bad ids and an invalid tenant are rejected. */
  @Test
  void rejectsMalformedValues() {
    assertUndecodable(json().put("outcome", "maybe"));
    assertUndecodable(json().put("outcome", ""));
    assertUndecodable(json().put("occurredAt", "2025-03-11"));
    assertUndecodable(json().put("eventId", "42"));
    assertUndecodable(json().put("tenantId", "Demo Clinic"));
    assertUndecodable(json().put("action", ""));
  }
}
