-- Gnomon schema, version 9: the job list's filters answered from indexes at a million jobs.

-- "Name contains" (GET /api/v1/jobs?q=…, the dashboard's search) read every job: 750 ms at 1,000,000 jobs. A
-- trigram index answers a LIKE '%text%' of three or more characters. pg_trgm ships with PostgreSQL and is a trusted
-- extension, so a database owner may create it.
create extension if not exists pg_trgm;
create index gnomon_jobs_name_trgm on gnomon_jobs using gin (lower(name) gin_trgm_ops);

-- Paused jobs are few; listing them walked every job newest first (200 ms at 1,000,000 jobs, none paused).
create index gnomon_jobs_paused on gnomon_jobs (id) where paused;
