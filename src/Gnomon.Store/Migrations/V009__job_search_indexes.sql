-- Gnomon schema, version 9: the job list's filters answered from indexes at a million jobs.

-- "Name contains" (GET /api/v1/jobs?q=…, the dashboard's search) read every job: 750 ms at 1,000,000 jobs. A
-- trigram index answers a LIKE '%text%' of three or more characters. pg_trgm ships with PostgreSQL and is a trusted
-- extension, so a database owner may create it.
create extension if not exists pg_trgm;
-- A small pending list (256 kB, not 4 MB): inserts merge it into the index as they go. With the default, the million
-- inserts of the scale scenario left work that autovacuum did later, while the jobs were firing (fire lag p99
-- 113-121 ms, not 7); with no pending list at all (fastupdate off) creating them took twice as long. With 256 kB:
-- creation as fast as without the index, fire lag p99 9 ms (docs/benchmarks.md).
create index gnomon_jobs_name_trgm on gnomon_jobs using gin (lower(name) gin_trgm_ops) with (gin_pending_list_limit = 256);

-- Paused jobs are few; listing them walked every job newest first (200 ms at 1,000,000 jobs, none paused).
create index gnomon_jobs_paused on gnomon_jobs (id) where paused;
