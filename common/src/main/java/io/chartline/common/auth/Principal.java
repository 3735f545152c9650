package io.chartline.common.auth;

import io.chartline.common.tenant.DataScope;
import io.chartline.common.tenant.TenantId;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The verified caller: tenant, roles, patient and scopes come only from a verified token.
 *
 * @param patientId the patient the token is about (a patient's own id, the patient a proxy acts
 *     for, or a clinician's launch context); null when the token names none
 * @param scopes OAuth scopes the token carries, such as the consent scope {@code can_view_clinical}
 * @param issuer the verified token's {@code iss}; null for principals not built from a token (tests)
 */
public record Principal(TenantId tenant, String subject, List<String> roles, String patientId, Set<String> scopes,
    String issuer) {

  public Principal {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(subject, "subject");
    roles = List.copyOf(roles);
    scopes = Set.copyOf(scopes);
    if (patientId != null && !DataScope.isValidPatientId(patientId)) {
      throw new IllegalArgumentException("invalid patient id");
    }
  }

  /** A caller whose issuer is not known. */
  public Principal(TenantId tenant, String subject, List<String> roles, String patientId, Set<String> scopes) {
    this(tenant, subject, roles, patientId, scopes, null);
  }

  /** A caller that names no patient and carries no scopes. */
  public Principal(TenantId tenant, String subject, List<String> roles) {
    this(tenant, subject, roles, null, Set.of());
  }

  /** @return this caller acting in {@code other} as a whole (a break-glass grant): no patient scope */
  public Principal actingIn(TenantId other) {
    return new Principal(other, subject, roles, null, scopes, issuer);
  }
}
