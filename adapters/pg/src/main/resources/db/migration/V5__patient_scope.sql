-- Patient scoping: a transaction that sets app.patient_id sees and writes only that patient's
-- documents and chunks. A restrictive policy is ANDed with the tenant policy, so the patient
-- narrowing holds for every statement, including a nearest-neighbour search, whatever the query
-- text says. An empty or unset app.patient_id means the whole tenant (pipeline stages, staff).
-- Chunks carry their document's patient_id (copied when they are written) so a patient's search
-- reads only that patient's rows through an index.

ALTER TABLE chunks ADD COLUMN patient_id text;
CREATE INDEX chunks_patient ON chunks (tenant_id, patient_id) WHERE patient_id IS NOT NULL;

CREATE POLICY patient_scope ON documents AS RESTRICTIVE
  USING (coalesce(current_setting('app.patient_id', true), '') = ''
         OR patient_id = current_setting('app.patient_id', true))
  WITH CHECK (coalesce(current_setting('app.patient_id', true), '') = ''
         OR patient_id = current_setting('app.patient_id', true));

CREATE POLICY patient_scope ON chunks AS RESTRICTIVE
  USING (coalesce(current_setting('app.patient_id', true), '') = ''
         OR patient_id = current_setting('app.patient_id', true))
  WITH CHECK (coalesce(current_setting('app.patient_id', true), '') = ''
         OR patient_id = current_setting('app.patient_id', true));

-- Partitions named directly get the same two policies as the parent.
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
    EXECUTE format('CREATE POLICY patient_scope ON %I AS RESTRICTIVE '
        || 'USING (coalesce(current_setting(''app.patient_id'', true), '''') = '''' '
        || 'OR patient_id = current_setting(''app.patient_id'', true)) '
        || 'WITH CHECK (coalesce(current_setting(''app.patient_id'', true), '''') = '''' '
        || 'OR patient_id = current_setting(''app.patient_id'', true))', part);
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

-- Chunks written before this migration belong to documents without a patient (the API could not
-- set one), so there is nothing to copy.
