-- Gnomon schema, version 6: a job's next fire in a narrow row of its own.

-- The scheduler advances a job's first slot not yet materialised each time it writes the job's slots: as a column
-- of gnomon_jobs that rewrote the whole job (schedule, executor and payload JSON) and its four index entries for
-- one timestamp. One row per job, written with the job; null while the job is paused or has no fire left.
create table gnomon_job_fires (
    job_id              uuid primary key,
    partition           smallint not null,
    next_fire_at        timestamptz
);

insert into gnomon_job_fires (job_id, partition, next_fire_at)
    select id, partition, case when paused then null else next_fire_at end from gnomon_jobs;

-- The scheduler's hot query: due jobs of the partitions a master owns.
create index gnomon_job_fires_due on gnomon_job_fires (partition, next_fire_at) where next_fire_at is not null;

drop index gnomon_jobs_due;
alter table gnomon_jobs drop column next_fire_at;
