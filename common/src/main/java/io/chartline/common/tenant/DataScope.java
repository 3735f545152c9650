package io.chartline.common.tenant;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a read may see: a whole tenant, or only one patient's documents within it. The patient
 * narrowing is enforced by the database ({@code app.patient_id}, a restrictive Row-Level Security
 * policy on documents and chunks), not by filtering results in Java.
 *
 * @param patientId null for the whole tenant
 */
public record DataScope(TenantId tenant, String patientId) {

  private static final Pattern PATIENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

  public DataScope {
    Objects.requireNonNull(tenant, "tenant");
    if (patientId != null && !isValidPatientId(patientId)) {
      throw new IllegalArgumentException("invalid patient id");
    }
  }

  public static DataScope tenant(TenantId tenant) {
    return new DataScope(tenant, null);
  }

  public static DataScope patient(TenantId tenant, String patientId) {
    return new DataScope(tenant, Objects.requireNonNull(patientId, "patientId"));
  }

  public boolean patientScoped() {
    return patientId != null;
  }

  /**
   * A patient id as documents carry it: 1–128 characters of letters, digits and {@code . _ : -},
   * starting with a letter or digit (the same check as the database's).
   */
  public static boolean isValidPatientId(String s) {
    return s != null && PATIENT_ID.matcher(s).matches();
  }
}
