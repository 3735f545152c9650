-- 1. Row layout. A sealed chunk (ciphertext ~300 bytes longer than its text) pushed rows past
--    PostgreSQL's 2 KB TOAST threshold, and the largest movable value, the embedding, went out of
--    line: the planner does not price fetching it back, so some tenants' searches flipped to a
--    full scan that de-toasted every embedding. Keep the embedding in the row (MAIN: compress if
--    ever needed, move out of line only as a last resort) and move incompressible ciphertext out
--    of line instead. The setting applies to every partition, present and future; rows already
--    stored keep their layout until their partition is rewritten (VACUUM FULL, during maintenance).
ALTER TABLE chunks ALTER COLUMN embedding SET STORAGE MAIN;
ALTER TABLE chunks ALTER COLUMN content_cipher SET STORAGE EXTERNAL;

-- 2. Patient scope the planner can plan around. Written inline, the policy's OR on a setting the
--    planner cannot evaluate was estimated to keep 0.5% of rows, so every search (scoped or not)
--    preferred a full scan to the HNSW index. As an opaque function it gets the generic estimate
--    and a per-row cost, so the index wins again; it means the same thing.
CREATE FUNCTION patient_visible(p_patient text) RETURNS boolean
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = public, pg_temp AS $fn$
DECLARE
  scope text := current_setting('app.patient_id', true);
BEGIN
  RETURN scope IS NULL OR scope = '' OR p_patient = scope;
END
$fn$;
REVOKE ALL ON FUNCTION patient_visible(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION patient_visible(text) TO ${app_role};

ALTER POLICY patient_scope ON documents USING (patient_visible(patient_id)) WITH CHECK (patient_visible(patient_id));
ALTER POLICY patient_scope ON chunks USING (patient_visible(patient_id)) WITH CHECK (patient_visible(patient_id));

CREATE OR REPLACE FUNCTION protect_tenant_partition(part text) RETURNS void
LANGUAGE plpgsql SET search_path = public, pg_temp AS $fn$
BEGIN
  EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', part);
  EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', part);
  IF NOT EXISTS (SELECT 1 FROM pg_policies WHERE tablename = part AND policyname = 'tenant_isolation') THEN
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_setting(''app.tenant_id'', true)) '
        || 'WITH CHECK (tenant_id = current_setting(''app.tenant_id'', true))', part);
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_policies WHERE tablename = part AND policyname = 'patient_scope') THEN
    EXECUTE format('CREATE POLICY patient_scope ON %I AS RESTRICTIVE USING (patient_visible(patient_id)) '
        || 'WITH CHECK (patient_visible(patient_id))', part);
  ELSE
    EXECUTE format('ALTER POLICY patient_scope ON %I USING (patient_visible(patient_id)) '
        || 'WITH CHECK (patient_visible(patient_id))', part);
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
