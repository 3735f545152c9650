-- Serving roles hold no power over the schema.
-- * Migrations run in their own step as the schema owner; a serving node connects only as the
--   application and audit roles. It checks at start that the schema is current, so it reads
--   schema_migrations, and that stored vectors come from its model, through a function that
--   returns a model name and nothing else (the owner's cross-tenant read stays with the owner).
-- * ensure_tenant never changes the caller's tenant setting: it runs only inside the tenant's own
--   transaction (app.tenant_id already equal to the tenant it registers), like purge_tenant. Called
--   with another tenant it refuses, instead of leaving that tenant active in the caller's
--   transaction for the statements after it.
-- * Nobody but the owner creates temporary objects in this database: a temporary function or
--   table can shadow a name for code that puts pg_temp early in its search path.

GRANT SELECT ON schema_migrations TO ${app_role};

CREATE OR REPLACE FUNCTION other_embedding_model(p_model text) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
  SELECT c.model FROM chunks c WHERE c.model <> p_model LIMIT 1
$fn$;
REVOKE ALL ON FUNCTION other_embedding_model(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION other_embedding_model(text) TO ${app_role};

CREATE OR REPLACE FUNCTION ensure_tenant(p_tenant text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
DECLARE
  part text := 'chunks_t_' || md5(p_tenant);
  st text;
BEGIN
  IF p_tenant IS NULL OR p_tenant !~ '^[a-z0-9][a-z0-9_-]{0,62}$' THEN
    RAISE EXCEPTION 'invalid tenant id' USING ERRCODE = '22023';
  END IF;
  IF current_setting('app.tenant_id', true) IS DISTINCT FROM p_tenant THEN
    RAISE EXCEPTION 'ensure_tenant runs only in the tenant''s own transaction' USING ERRCODE = '42501';
  END IF;
  INSERT INTO tenants (tenant_id) VALUES (p_tenant) ON CONFLICT DO NOTHING;
  SELECT state INTO st FROM tenants WHERE tenant_id = p_tenant;
  IF st <> 'active' THEN
    RAISE EXCEPTION 'tenant deleted' USING ERRCODE = '55000';
  END IF;
  IF to_regclass(part) IS NULL THEN
    PERFORM pg_advisory_xact_lock(hashtext(part));
    IF to_regclass(part) IS NULL THEN
      EXECUTE format('CREATE TABLE %I PARTITION OF chunks FOR VALUES IN (%L)', part, p_tenant);
      PERFORM protect_tenant_partition(part);
    END IF;
  END IF;
END
$fn$;
REVOKE ALL ON FUNCTION ensure_tenant(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ensure_tenant(text) TO ${app_role};

DO $do$
BEGIN
  EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
END
$do$;
