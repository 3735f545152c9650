-- Objects other clients write into the documents bucket (the console, the CLI, another system),
-- announced by S3 event notifications: one row per key, with the last event seen for it. S3
-- delivers events at least once and in no order; sequencer orders the events of one key only, so
-- an event older than the recorded one is ignored, and a redelivery of it is recognised. The
-- document an object becomes has an id derived from bucket and key: a new version of the key
-- replaces the document's content, a removal deletes the document.

CREATE TABLE object_sources (
  tenant_id     text        NOT NULL REFERENCES tenants (tenant_id),
  bucket        text        NOT NULL,
  object_key    text        NOT NULL,
  document_id   uuid        NOT NULL,
  sequencer     text,
  version_id    text,
  object_etag   text,
  removed       boolean     NOT NULL DEFAULT false,
  event_time    timestamptz,
  updated_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, bucket, object_key)
);
CREATE UNIQUE INDEX object_sources_document ON object_sources (tenant_id, document_id);
ALTER TABLE object_sources ENABLE ROW LEVEL SECURITY;
ALTER TABLE object_sources FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON object_sources
  USING (tenant_id = current_setting('app.tenant_id', true))
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
GRANT SELECT, INSERT ON object_sources TO ${app_role};
GRANT UPDATE (sequencer, version_id, object_etag, removed, event_time, updated_at) ON object_sources TO ${app_role};

-- The purge of a deleted tenant also forgets its objects' events.
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
  DELETE FROM object_sources WHERE tenant_id = p_tenant;
  DELETE FROM documents WHERE tenant_id = p_tenant;
  GET DIAGNOSTICS removed = ROW_COUNT;
  UPDATE tenants SET state = 'deleted', deleted_at = now() WHERE tenant_id = p_tenant AND state = 'deleting';
  RETURN removed;
END
$fn$;
REVOKE ALL ON FUNCTION purge_tenant(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION purge_tenant(text) TO ${app_role};
