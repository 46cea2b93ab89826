-- Gnomon schema, version 4: a closed attempt is never rewritten.

-- What a worker reported for an attempt after its lease was lost and the execution taken back (the reaper had closed
-- the attempt, as failed, with its own reason). Kept beside the attempt's record instead of over it.
alter table gnomon_execution_attempts add column late_report text;
