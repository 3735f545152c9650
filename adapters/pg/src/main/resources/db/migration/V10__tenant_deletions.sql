-- Tenant deletion as a resumable job. One row per tenant (a deleted tenant never comes back), kept
-- after the purge as the record of who deleted it, why and when; the audit log keeps the events.
-- * step is the next thing to do: keys (destroy the key material), database (drop the chunk
--   partition: text, vectors, HNSW index; delete documents and grants), objects (delete the
--   tenant's objects, every version), done.
-- * state: running while a node works through the steps; objects_remaining when the database is
--   purged but the object store could not be emptied yet (retried at next_attempt_at); completed.
-- * The lease lets one node work the job at a time; another resumes it when the lease lapses.

CREATE TABLE tenant_deletions (
  job_id                 uuid        PRIMARY KEY,
  tenant_id              text        NOT NULL UNIQUE REFERENCES tenants (tenant_id),
  state                  text        NOT NULL CHECK (state IN ('running', 'objects_remaining', 'completed')),
  step                   text        NOT NULL CHECK (step IN ('keys', 'database', 'objects', 'done')),
  requested_by           text        NOT NULL,
  home_tenant            text        NOT NULL,
  reason                 text        NOT NULL CHECK (length(reason) BETWEEN 10 AND 500),
  request_id             text,
  audit_event_id         uuid        NOT NULL,
  alert_id               uuid        NOT NULL,
  alerted_at             timestamptz NOT NULL,
  key_versions_destroyed integer     NOT NULL DEFAULT 0,
  keys_destroyed_at      timestamptz,
  documents_deleted      bigint      NOT NULL DEFAULT 0,
  chunks_deleted         bigint      NOT NULL DEFAULT 0,
  database_purged_at     timestamptz,
  objects_deleted        bigint      NOT NULL DEFAULT 0,
  object_attempts        integer     NOT NULL DEFAULT 0,
  next_attempt_at        timestamptz,
  error_code             text,
  lease_owner            text,
  lease_until            timestamptz,
  started_at             timestamptz NOT NULL DEFAULT now(),
  updated_at             timestamptz NOT NULL DEFAULT now(),
  finished_at            timestamptz,
  CHECK ((state = 'completed') = (step = 'done')),
  CHECK (state <> 'objects_remaining' OR step = 'objects')
);
ALTER TABLE tenant_deletions ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenant_deletions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenant_deletions
  USING (tenant_id = current_setting('app.tenant_id', true))
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
CREATE POLICY owner_maintenance_read ON tenant_deletions FOR SELECT TO ${owner_role} USING (true);

GRANT SELECT, INSERT ON tenant_deletions TO ${app_role};
GRANT UPDATE (state, step, key_versions_destroyed, keys_destroyed_at, documents_deleted, chunks_deleted,
  database_purged_at, objects_deleted, object_attempts, next_attempt_at, error_code, lease_owner, lease_until,
  updated_at, finished_at) ON tenant_deletions TO ${app_role};

-- Deletions not yet completed, across tenants, so any node can resume them after a restart. Ids and
-- the time of the next round only: the reason stays in the tenant's own scope.
CREATE FUNCTION unfinished_tenant_deletions() RETURNS TABLE (job_id uuid, tenant_id text, next_attempt_at timestamptz)
LANGUAGE sql SECURITY DEFINER STABLE SET search_path = public, pg_temp AS $fn$
  SELECT d.job_id, d.tenant_id, d.next_attempt_at FROM tenant_deletions d WHERE d.state <> 'completed'
$fn$;
REVOKE ALL ON FUNCTION unfinished_tenant_deletions() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION unfinished_tenant_deletions() TO ${app_role};
