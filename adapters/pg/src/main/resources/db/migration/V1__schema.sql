-- Chartline schema, version 1. Runs as the schema owner; ${app_role} and ${audit_role} own nothing.
-- Every tenant table has tenant_id and a Row-Level Security policy on app.tenant_id, which the
-- application sets with set_config(..., true) in the same transaction as its statements.

CREATE EXTENSION IF NOT EXISTS vector;

CREATE TABLE tenants (
  tenant_id  text PRIMARY KEY CHECK (tenant_id ~ '^[a-z0-9][a-z0-9_-]{0,62}$'),
  created_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenants
  USING (tenant_id = current_setting('app.tenant_id', true))
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

CREATE TABLE documents (
  tenant_id      text        NOT NULL REFERENCES tenants (tenant_id),
  document_id    uuid        NOT NULL,
  title          text,
  content_type   text        NOT NULL,
  size_bytes     bigint      NOT NULL CHECK (size_bytes >= 0),
  object_bucket  text        NOT NULL,
  object_key     text        NOT NULL,
  object_etag    text,
  status         text        NOT NULL CHECK (status IN ('received', 'parsed', 'indexed', 'failed', 'deleted')),
  error_code     text,
  error_message  text,
  page_count     integer,
  chunk_count    integer,
  generation     bigint      NOT NULL DEFAULT 0,
  created_by     text,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  indexed_at     timestamptz,
  PRIMARY KEY (tenant_id, document_id)
);
CREATE INDEX documents_listing ON documents (tenant_id, created_at DESC, document_id DESC);
ALTER TABLE documents ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON documents
  USING (tenant_id = current_setting('app.tenant_id', true))
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

-- One LIST partition per tenant (created by ensure_tenant), each with its own HNSW index: a
-- tenant-filtered nearest-neighbour search scans only that tenant's graph, which keeps recall.
CREATE TABLE chunks (
  tenant_id    text        NOT NULL,
  document_id  uuid        NOT NULL,
  chunk_index  integer     NOT NULL CHECK (chunk_index >= 0),
  generation   bigint      NOT NULL DEFAULT 0,
  page         integer     NOT NULL,
  start_offset integer     NOT NULL,
  end_offset   integer     NOT NULL,
  token_count  integer     NOT NULL,
  content      text        NOT NULL,
  embedding    vector(${dimension}) NOT NULL,
  model        text        NOT NULL,
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, document_id, chunk_index)
) PARTITION BY LIST (tenant_id);
CREATE INDEX chunks_embedding_hnsw ON chunks USING hnsw (embedding vector_cosine_ops) WITH (m = 16, ef_construction = 64);
ALTER TABLE chunks ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON chunks
  USING (tenant_id = current_setting('app.tenant_id', true))
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

-- Registers a tenant and creates its chunk partition. SECURITY DEFINER so the application role
-- can onboard a tenant without owning or altering any table; the partition name is derived from
-- a hash, never from the raw id.
CREATE FUNCTION ensure_tenant(p_tenant text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
DECLARE
  part text := 'chunks_t_' || md5(p_tenant);
BEGIN
  IF p_tenant IS NULL OR p_tenant !~ '^[a-z0-9][a-z0-9_-]{0,62}$' THEN
    RAISE EXCEPTION 'invalid tenant id' USING ERRCODE = '22023';
  END IF;
  PERFORM set_config('app.tenant_id', p_tenant, true);
  INSERT INTO tenants (tenant_id) VALUES (p_tenant) ON CONFLICT DO NOTHING;
  IF to_regclass(part) IS NULL THEN
    PERFORM pg_advisory_xact_lock(hashtext(part));
    IF to_regclass(part) IS NULL THEN
      EXECUTE format('CREATE TABLE %I PARTITION OF chunks FOR VALUES IN (%L)', part, p_tenant);
    END IF;
  END IF;
END
$fn$;
REVOKE ALL ON FUNCTION ensure_tenant(text) FROM PUBLIC;

-- Append-only audit log. Hash chaining and the verifier build on seq.
CREATE TABLE audit_log (
  seq           bigserial   NOT NULL,
  event_id      uuid        PRIMARY KEY,
  tenant_id     text,
  occurred_at   timestamptz NOT NULL,
  recorded_at   timestamptz NOT NULL DEFAULT now(),
  subject       text,
  roles         text[]      NOT NULL DEFAULT '{}',
  action        text        NOT NULL,
  resource_type text,
  resource_id   text,
  outcome       text        NOT NULL CHECK (outcome IN ('success', 'denied', 'failure')),
  reason_code   text,
  request_id    text
);
CREATE INDEX audit_log_tenant_time ON audit_log (tenant_id, occurred_at);
ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
CREATE POLICY audit_tenant_read ON audit_log FOR SELECT TO ${app_role}
  USING (tenant_id = current_setting('app.tenant_id', true));
CREATE POLICY audit_append ON audit_log FOR INSERT TO ${audit_role} WITH CHECK (true);

CREATE FUNCTION audit_log_reject_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = '42501';
END
$fn$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_reject_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_reject_change();

GRANT USAGE ON SCHEMA public TO ${app_role}, ${audit_role};
GRANT SELECT ON tenants TO ${app_role};
GRANT SELECT, INSERT, UPDATE, DELETE ON documents TO ${app_role};
GRANT SELECT, INSERT, UPDATE, DELETE ON chunks TO ${app_role};
GRANT SELECT ON audit_log TO ${app_role};
GRANT EXECUTE ON FUNCTION ensure_tenant(text) TO ${app_role};
GRANT INSERT ON audit_log TO ${audit_role};
GRANT USAGE ON SEQUENCE audit_log_seq_seq TO ${audit_role};
