-- Gnomon schema, version 1. Applied by SchemaMigrator under an advisory lock; the tests apply this same file.

create table gnomon_jobs (
    id                  uuid primary key,
    name                text not null,
    description         text,
    partition           smallint not null,
    schedule            jsonb not null,
    executor            jsonb not null,
    payload             jsonb,
    priority            smallint not null,
    queue               text not null,
    timeout_ms          integer not null,
    max_attempts        integer not null,
    backoff_ms          integer not null,
    backoff_multiplier  double precision not null,
    max_backoff_ms      integer not null,
    concurrency_policy  smallint not null,
    misfire_policy      smallint not null,
    paused              boolean not null default false,
    -- the first slot not yet materialised; null when the schedule has no more fires
    next_fire_at        timestamptz,
    created_at          timestamptz not null,
    updated_at          timestamptz not null,
    version             integer not null default 1,
    constraint gnomon_jobs_name_key unique (name)
);

-- The scheduler's hot query: due jobs of the partitions a master owns.
create index gnomon_jobs_due on gnomon_jobs (partition, next_fire_at)
    where not paused and next_fire_at is not null;
create index gnomon_jobs_queue on gnomon_jobs (queue);

create table gnomon_executions (
    id                  uuid primary key,           -- UUIDv7: ordering by id is ordering by creation
    job_id              uuid not null,              -- no foreign key: history outlives a deleted job
    job_name            text not null,
    trigger             smallint not null,          -- 0 schedule, 1 manual
    scheduled_at        timestamptz not null,       -- the nominal fire instant
    due_at              timestamptz not null,       -- when the next attempt may start
    status              smallint not null,          -- see ExecutionStatus
    reason              text,
    priority            smallint not null,
    queue               text not null,
    payload             jsonb,                      -- a manual trigger's payload override
    attempt             integer not null default 0, -- attempts started so far
    max_attempts        integer not null,
    lost_leases         integer not null default 0,
    worker_id           uuid,
    lease_expires_at    timestamptz,
    started_at          timestamptz,
    finished_at         timestamptz,
    result              jsonb,
    output              text,
    error               text,
    cancel_requested    boolean not null default false,
    created_at          timestamptz not null default now()
);

-- One execution per scheduled slot: this, not a lock, makes a double fire impossible.
create unique index gnomon_executions_slot on gnomon_executions (job_id, scheduled_at) where trigger = 0;
-- The workers' claim: pending rows by priority, then due time.
create index gnomon_executions_claim on gnomon_executions (queue, priority desc, due_at) where status = 0;
-- The lease reaper and the worker heartbeat.
create index gnomon_executions_lease on gnomon_executions (lease_expires_at) where status in (1, 2);
create index gnomon_executions_worker on gnomon_executions (worker_id) where status in (1, 2);
-- Concurrency policies look for running executions of a job.
create index gnomon_executions_running on gnomon_executions (job_id) where status = 2;
-- A job's history, newest first.
create index gnomon_executions_job on gnomon_executions (job_id, id desc);
-- Retention deletes finished executions oldest first.
create index gnomon_executions_finished on gnomon_executions (finished_at) where finished_at is not null;

create table gnomon_execution_attempts (
    execution_id        uuid not null references gnomon_executions (id) on delete cascade,
    attempt             integer not null,
    worker_id           uuid,
    started_at          timestamptz not null,
    finished_at         timestamptz,
    status              smallint not null,
    result              jsonb,
    output              text,
    error               text,
    primary key (execution_id, attempt)
);

create table gnomon_nodes (
    id                  uuid primary key,
    roles               text[] not null,
    host                text not null,
    pid                 integer not null,
    version             text not null,
    started_at          timestamptz not null,
    last_heartbeat_at   timestamptz not null,
    stopped_at          timestamptz,
    info                jsonb not null default '{}'
);
create index gnomon_nodes_heartbeat on gnomon_nodes (last_heartbeat_at);
