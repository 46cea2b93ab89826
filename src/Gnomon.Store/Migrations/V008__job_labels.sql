-- Gnomon schema, version 8: labels on jobs.

-- Key/value pairs a user (or `gnomon ctl apply`, which marks the jobs it manages) puts on a job, and lists filter
-- on (`GET /api/v1/jobs?label=team=billing`). Null when a job has none, so the GIN index holds only labelled jobs
-- and the scheduler's reads of unlabelled jobs carry nothing more.
alter table gnomon_jobs add column labels jsonb;

create index gnomon_jobs_labels on gnomon_jobs using gin (labels jsonb_path_ops) where labels is not null;
