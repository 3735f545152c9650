-- Document titles are PHI too (they often name the patient): sealed like chunk text, under the
-- tenant key version recorded here. The clear title column stays only for deployments that run
-- without encryption.
ALTER TABLE documents ADD COLUMN title_key_version integer;
ALTER TABLE documents ADD CONSTRAINT documents_title_sealed
  CHECK ((title_cipher IS NULL) = (title_key_version IS NULL) AND (title_cipher IS NULL OR title IS NULL));
CREATE INDEX documents_title_key_version ON documents (tenant_id, title_key_version) WHERE title_cipher IS NOT NULL;
