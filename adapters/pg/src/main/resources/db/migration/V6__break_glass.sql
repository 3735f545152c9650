-- Break-glass: a super admin's bounded, reasoned access to one tenant's PHI. A grant belongs to
-- the tenant it opens (RLS like every tenant table); the API finds a presented grant through a
-- narrow function that answers only for the subject and home tenant that opened it.

CREATE TABLE break_glass_grants (
  grant_id     uuid        PRIMARY KEY,
  tenant_id    text        NOT NULL REFERENCES tenants (tenant_id),
  subject      text        NOT NULL,
  home_tenant  text        NOT NULL,
  reason       text        NOT NULL CHECK (length(reason) BETWEEN 10 AND 500),
  opened_at    timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL,
  revoked_at   timestamptz,
  CHECK (expires_at > opened_at)
);
CREATE INDEX break_glass_grants_tenant ON break_glass_grants (tenant_id, opened_at);
ALTER TABLE break_glass_grants ENABLE ROW LEVEL SECURITY;
ALTER TABLE break_glass_grants FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON break_glass_grants
  USING (tenant_id = current_setting('app.tenant_id', true))
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
CREATE POLICY owner_maintenance_read ON break_glass_grants FOR SELECT TO ${owner_role} USING (true);

GRANT SELECT, INSERT ON break_glass_grants TO ${app_role};
GRANT UPDATE (revoked_at) ON break_glass_grants TO ${app_role};

-- The grant a caller presents, if it is theirs: tenant, expiry and whether it was revoked. The
-- database clock decides expiry, so API nodes with skewed clocks agree.
CREATE FUNCTION break_glass_grant(p_grant uuid, p_subject text, p_home text)
RETURNS TABLE (tenant_id text, expires_at timestamptz, expired boolean, revoked boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
  SELECT g.tenant_id, g.expires_at, g.expires_at <= now(), g.revoked_at IS NOT NULL
  FROM break_glass_grants g
  WHERE g.grant_id = p_grant AND g.subject = p_subject AND g.home_tenant = p_home
$fn$;
REVOKE ALL ON FUNCTION break_glass_grant(uuid, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION break_glass_grant(uuid, text, text) TO ${app_role};

-- Deleting a tenant removes its grants too (their reasons are the tenant's business); the audit
-- log keeps that break-glass happened.
CREATE OR REPLACE FUNCTION purge_tenant(p_tenant text) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
DECLARE
  part text := 'chunks_t_' || md5(p_tenant);
  removed bigint;
BEGIN
  IF current_setting('app.tenant_id', true) IS DISTINCT FROM p_tenant THEN
    RAISE EXCEPTION 'purge_tenant runs only in the tenant''s own transaction' USING ERRCODE = '42501';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM tenants WHERE tenant_id = p_tenant AND state IN ('deleting', 'deleted')) THEN
    RAISE EXCEPTION 'tenant is not being deleted' USING ERRCODE = '55000';
  END IF;
  IF to_regclass(part) IS NOT NULL THEN
    EXECUTE format('DROP TABLE %I', part);
  END IF;
  DELETE FROM break_glass_grants WHERE tenant_id = p_tenant;
  DELETE FROM documents WHERE tenant_id = p_tenant;
  GET DIAGNOSTICS removed = ROW_COUNT;
  UPDATE tenants SET state = 'deleted', deleted_at = now() WHERE tenant_id = p_tenant AND state = 'deleting';
  RETURN removed;
END
$fn$;
REVOKE ALL ON FUNCTION purge_tenant(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION purge_tenant(text) TO ${app_role};
