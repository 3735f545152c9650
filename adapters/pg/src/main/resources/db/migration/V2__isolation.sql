-- Chartline schema, version 2: isolation in depth.
-- * FORCE ROW LEVEL SECURITY: the schema owner is bound by the tenant policies too. It may only
--   read across tenants (startup checks, tenant purge) through explicit owner-only policies.
-- * Documents may belong to a patient; patient-scoped callers see only that patient's rows.
-- * Chunk text is stored as an AWS Encryption SDK message under the tenant's key
--   (content_cipher, key_version); content stays only for deployments that run unencrypted.
-- * tenant_keys holds each tenant's key versions: a KMS key reference, or a local wrapping key
--   that is itself encrypted under the deployment's master key. Deleting a tenant destroys them.

ALTER TABLE tenants ADD COLUMN state text NOT NULL DEFAULT 'active'
  CHECK (state IN ('active', 'deleting', 'deleted'));
ALTER TABLE tenants ADD COLUMN deleted_at timestamptz;

ALTER TABLE documents ADD COLUMN patient_id text
  CHECK (patient_id IS NULL OR patient_id ~ '^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$');
ALTER TABLE documents ADD COLUMN title_cipher bytea;
CREATE INDEX documents_patient ON documents (tenant_id, patient_id) WHERE patient_id IS NOT NULL;

ALTER TABLE chunks ALTER COLUMN content DROP NOT NULL;
ALTER TABLE chunks ADD COLUMN content_cipher bytea;
ALTER TABLE chunks ADD COLUMN key_version integer;
ALTER TABLE chunks ADD CONSTRAINT chunks_content_present
  CHECK ((content IS NULL) <> (content_cipher IS NULL) AND (content_cipher IS NULL) = (key_version IS NULL));
CREATE INDEX chunks_key_version ON chunks (tenant_id, key_version);

CREATE TABLE tenant_keys (
  tenant_id    text        NOT NULL REFERENCES tenants (tenant_id),
  version      integer     NOT NULL CHECK (version >= 1),
  provider     text        NOT NULL CHECK (provider IN ('local', 'aws-kms')),
  key_ref      text        NOT NULL,
  wrapped_key  bytea,
  state        text        NOT NULL CHECK (state IN ('active', 'retiring', 'retired', 'destroyed')),
  created_at   timestamptz NOT NULL DEFAULT now(),
  retired_at   timestamptz,
  PRIMARY KEY (tenant_id, version),
  CHECK ((provider = 'local') = (wrapped_key IS NOT NULL) OR state = 'destroyed')
);
CREATE UNIQUE INDEX tenant_keys_one_active ON tenant_keys (tenant_id) WHERE state = 'active';
ALTER TABLE tenant_keys ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenant_keys
  USING (tenant_id = current_setting('app.tenant_id', true))
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

-- Re-encryption after a key rotation: one row per job, resumable from its cursor.
CREATE TABLE key_rotations (
  job_id        uuid        PRIMARY KEY,
  tenant_id     text        NOT NULL REFERENCES tenants (tenant_id),
  from_version  integer     NOT NULL,
  to_version    integer     NOT NULL,
  state         text        NOT NULL CHECK (state IN ('running', 'completed', 'failed')),
  total_chunks  bigint      NOT NULL DEFAULT 0,
  done_chunks   bigint      NOT NULL DEFAULT 0,
  requested_by  text,
  error_code    text,
  lease_owner   text,
  lease_until   timestamptz,
  started_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  finished_at   timestamptz
);
CREATE UNIQUE INDEX key_rotations_one_running ON key_rotations (tenant_id) WHERE state = 'running';
ALTER TABLE key_rotations ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON key_rotations
  USING (tenant_id = current_setting('app.tenant_id', true))
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
ALTER TABLE documents FORCE ROW LEVEL SECURITY;
ALTER TABLE chunks FORCE ROW LEVEL SECURITY;
ALTER TABLE tenant_keys FORCE ROW LEVEL SECURITY;
ALTER TABLE key_rotations FORCE ROW LEVEL SECURITY;
ALTER TABLE audit_log FORCE ROW LEVEL SECURITY;

-- The owner reads across tenants for startup checks, tenant purges and audit verification; it
-- never writes that way.
CREATE POLICY owner_maintenance_read ON chunks FOR SELECT TO ${owner_role} USING (true);
CREATE POLICY owner_maintenance_read ON tenants FOR SELECT TO ${owner_role} USING (true);
CREATE POLICY owner_maintenance_read ON audit_log FOR SELECT TO ${owner_role} USING (true);
CREATE POLICY owner_maintenance_read ON key_rotations FOR SELECT TO ${owner_role} USING (true);

-- A deleted (or deleting) tenant is never registered again.
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
    END IF;
  END IF;
END
$fn$;
REVOKE ALL ON FUNCTION ensure_tenant(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ensure_tenant(text) TO ${app_role};

-- No document is recorded for a tenant that is being or was deleted, whatever a node has cached.
CREATE FUNCTION documents_tenant_active() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM tenants WHERE tenant_id = NEW.tenant_id AND state = 'active') THEN
    RAISE EXCEPTION 'tenant deleted' USING ERRCODE = '55000';
  END IF;
  RETURN NEW;
END
$fn$;
CREATE TRIGGER documents_tenant_active BEFORE INSERT ON documents
  FOR EACH ROW EXECUTE FUNCTION documents_tenant_active();

-- Re-encryption jobs still running, across tenants, so any node can resume them after a restart.
CREATE FUNCTION running_key_rotations() RETURNS TABLE (job_id uuid, tenant_id text)
LANGUAGE sql SECURITY DEFINER STABLE SET search_path = public, pg_temp AS $fn$
  SELECT k.job_id, k.tenant_id FROM key_rotations k WHERE k.state = 'running'
$fn$;
REVOKE ALL ON FUNCTION running_key_rotations() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION running_key_rotations() TO ${app_role};

-- Removes a deleting tenant's data: its chunk partition (text, vectors and HNSW index) and its
-- documents. Key rows stay as a record of destruction; the audit log is never touched.
CREATE FUNCTION purge_tenant(p_tenant text) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
DECLARE
  part text := 'chunks_t_' || md5(p_tenant);
  removed bigint;
BEGIN
  PERFORM set_config('app.tenant_id', p_tenant, true);
  IF NOT EXISTS (SELECT 1 FROM tenants WHERE tenant_id = p_tenant AND state IN ('deleting', 'deleted')) THEN
    RAISE EXCEPTION 'tenant is not being deleted' USING ERRCODE = '55000';
  END IF;
  IF to_regclass(part) IS NOT NULL THEN
    EXECUTE format('DROP TABLE %I', part);
  END IF;
  DELETE FROM documents WHERE tenant_id = p_tenant;
  GET DIAGNOSTICS removed = ROW_COUNT;
  UPDATE tenants SET state = 'deleted', deleted_at = now() WHERE tenant_id = p_tenant;
  RETURN removed;
END
$fn$;
REVOKE ALL ON FUNCTION purge_tenant(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION purge_tenant(text) TO ${app_role};

GRANT SELECT, INSERT, UPDATE ON tenant_keys TO ${app_role};
GRANT SELECT, INSERT, UPDATE ON key_rotations TO ${app_role};
GRANT UPDATE (state, deleted_at) ON tenants TO ${app_role};
