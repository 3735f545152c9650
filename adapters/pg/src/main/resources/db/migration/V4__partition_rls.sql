-- Isolation fixes:
-- * Tenant partitions carry their own forced RLS policy: naming a partition directly (as the owner)
--   must not bypass the policies of the parent table.
-- * A document insert naming another tenant is refused by RLS (42501), not reported as a deleted
--   tenant by the activity trigger.
-- * A tenant's state only moves forward (active -> deleting -> deleted), and only the tenant's own
--   session can purge it.

CREATE OR REPLACE FUNCTION protect_tenant_partition(part text) RETURNS void
LANGUAGE plpgsql SET search_path = public, pg_temp AS $fn$
BEGIN
  EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', part);
  EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', part);
  IF NOT EXISTS (SELECT 1 FROM pg_policies WHERE tablename = part AND policyname = 'tenant_isolation') THEN
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_setting(''app.tenant_id'', true)) '
        || 'WITH CHECK (tenant_id = current_setting(''app.tenant_id'', true))', part);
  END IF;
END
$fn$;
REVOKE ALL ON FUNCTION protect_tenant_partition(text) FROM PUBLIC;

DO $do$
DECLARE
  p record;
BEGIN
  FOR p IN SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = 'chunks'::regclass LOOP
    PERFORM protect_tenant_partition(p.relname);
  END LOOP;
END
$do$;

CREATE OR REPLACE FUNCTION ensure_tenant(p_tenant text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
DECLARE
  part text := 'chunks_t_' || md5(p_tenant);
  st text;
BEGIN
  IF p_tenant IS NULL OR p_tenant !~ '^[a-z0-9][a-z0-9_-]{0,62}$' THEN
    RAISE EXCEPTION 'invalid tenant id' USING ERRCODE = '22023';
  END IF;
  PERFORM set_config('app.tenant_id', p_tenant, true);
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

CREATE OR REPLACE FUNCTION documents_tenant_active() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF NEW.tenant_id IS DISTINCT FROM current_setting('app.tenant_id', true) THEN
    RETURN NEW; -- another tenant's row: Row-Level Security refuses it
  END IF;
  IF NOT EXISTS (SELECT 1 FROM tenants WHERE tenant_id = NEW.tenant_id AND state = 'active') THEN
    RAISE EXCEPTION 'tenant deleted' USING ERRCODE = '55000';
  END IF;
  RETURN NEW;
END
$fn$;

CREATE FUNCTION tenants_state_forward() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF NOT (NEW.state = OLD.state
      OR (OLD.state = 'active' AND NEW.state = 'deleting')
      OR (OLD.state = 'deleting' AND NEW.state = 'deleted')) THEN
    RAISE EXCEPTION 'tenant state cannot go from % to %', OLD.state, NEW.state USING ERRCODE = '55000';
  END IF;
  RETURN NEW;
END
$fn$;
CREATE TRIGGER tenants_state_forward BEFORE UPDATE OF state ON tenants
  FOR EACH ROW EXECUTE FUNCTION tenants_state_forward();

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
  DELETE FROM documents WHERE tenant_id = p_tenant;
  GET DIAGNOSTICS removed = ROW_COUNT;
  UPDATE tenants SET state = 'deleted', deleted_at = now() WHERE tenant_id = p_tenant AND state = 'deleting';
  RETURN removed;
END
$fn$;
REVOKE ALL ON FUNCTION purge_tenant(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION purge_tenant(text) TO ${app_role};
