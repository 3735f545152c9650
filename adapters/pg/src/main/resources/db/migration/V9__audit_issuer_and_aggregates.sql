-- Audit rows name the token issuer beside the subject: a subject is unique only within its issuer.
-- Null for the system acting and for callers that were not authenticated. audit_log stays
-- append-only: its triggers reject UPDATE, DELETE and TRUNCATE, and the audit writer's INSERT
-- grant covers the new column.
ALTER TABLE audit_log ADD COLUMN issuer text;
