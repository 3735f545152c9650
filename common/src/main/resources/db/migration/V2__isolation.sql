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

GRANT SELECT, INSERT, UPDATE ON tenant_keys TO ${app_role};
GRANT SELECT, INSERT, UPDATE ON key_rotations TO ${app_role};
GRANT UPDATE (state, deleted_at) ON tenants TO ${app_role};
