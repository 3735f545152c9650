-- One audit row may stand for many repeated failures (for example a flood of requests without a
-- token from one address): how many, since when, and how many of each reason code. occurred_at is
-- then the time of the last of them. All three are NULL for a row that records one action.
-- audit_log stays append-only; the audit writer's INSERT grant covers the new columns.
ALTER TABLE audit_log
  ADD COLUMN occurrences       integer     CHECK (occurrences IS NULL OR occurrences >= 1),
  ADD COLUMN first_occurred_at timestamptz,
  ADD COLUMN reason_counts     jsonb;
