package io.chartline.common.auth;

import io.chartline.common.tenant.TenantId;
import java.util.List;
import java.util.Objects;

/** The verified caller: tenant and roles come only from a verified token. */
public record Principal(TenantId tenant, String subject, List<String> roles) {

  public Principal {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(subject, "subject");
    roles = List.copyOf(roles);
  }
}
