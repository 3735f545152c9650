-- Per-tenant and per-user request limits shared by every api process: one GCRA bucket per key
-- (the theoretical arrival time of the next request, in microseconds of the database clock, so
-- the api processes' clocks do not matter). Keys are SHA-256 digests of the tenant or the tenant
-- and subject: no identifier is stored. UNLOGGED: after a database crash the limits start full,
-- which is what a restart of every api process did before. Rows whose time has passed carry no
-- state (a full bucket) and are swept now and then.

CREATE UNLOGGED TABLE rate_limit_buckets (
  bucket_key bytea  PRIMARY KEY,
  tat_us     bigint NOT NULL
);

-- Takes one request from the user's and the tenant's bucket, both or neither. Locks the user's row
-- before the tenant's (the same order in every call, so no deadlock). Returns the refused scope
-- ('user' or 'tenant') and the wait in microseconds, or (NULL, 0) when admitted.
CREATE FUNCTION rate_limit_take(p_user bytea, p_user_interval bigint, p_user_burst integer,
    p_tenant bytea, p_tenant_interval bigint, p_tenant_burst integer)
RETURNS TABLE (refused text, wait_us bigint)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
DECLARE
  now_us bigint := (extract(epoch FROM clock_timestamp()) * 1000000)::bigint;
  u_next bigint;
  t_next bigint;
  tat bigint;
BEGIN
  IF p_user IS NOT NULL THEN
    INSERT INTO rate_limit_buckets AS b VALUES (p_user, 0)
      ON CONFLICT (bucket_key) DO UPDATE SET tat_us = b.tat_us RETURNING b.tat_us INTO tat;
    u_next := greatest(tat, now_us) + p_user_interval;
    IF u_next - now_us > p_user_interval * p_user_burst THEN
      RETURN QUERY SELECT 'user'::text, u_next - now_us - p_user_interval * p_user_burst;
      RETURN;
    END IF;
  END IF;
  IF p_tenant IS NOT NULL THEN
    INSERT INTO rate_limit_buckets AS b VALUES (p_tenant, 0)
      ON CONFLICT (bucket_key) DO UPDATE SET tat_us = b.tat_us RETURNING b.tat_us INTO tat;
    t_next := greatest(tat, now_us) + p_tenant_interval;
    IF t_next - now_us > p_tenant_interval * p_tenant_burst THEN
      RETURN QUERY SELECT 'tenant'::text, t_next - now_us - p_tenant_interval * p_tenant_burst;
      RETURN;
    END IF;
    UPDATE rate_limit_buckets SET tat_us = t_next WHERE bucket_key = p_tenant;
  END IF;
  IF p_user IS NOT NULL THEN
    UPDATE rate_limit_buckets SET tat_us = u_next WHERE bucket_key = p_user;
  END IF;
  IF random() < 0.001 THEN
    DELETE FROM rate_limit_buckets WHERE tat_us < now_us - 60000000;
  END IF;
  RETURN QUERY SELECT NULL::text, 0::bigint;
END
$fn$;
REVOKE ALL ON FUNCTION rate_limit_take(bytea, bigint, integer, bytea, bigint, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rate_limit_take(bytea, bigint, integer, bytea, bigint, integer) TO ${app_role};
