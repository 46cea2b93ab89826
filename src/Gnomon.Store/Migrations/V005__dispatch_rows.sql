-- Gnomon schema, version 5: the live state of an execution in a narrow row of its own.

-- An execution that has not ended has a dispatch row: what claims, starts, lease renewals, retries and the reaper
-- read and change. Its history row in gnomon_executions is written when the slot is (identity, job, nominal instant)
-- and once more when the execution ends (status, result, output, timings), with the dispatch row deleted in the same
-- statement. The claim indexes live here, on rows that exist only while there is work to do, so a completion changes
-- no indexed column of the history row (a HOT update) and the history's indexes hold only what its readers need.
create table gnomon_dispatch (
    id                  uuid primary key,           -- the execution's id
    job_id              uuid not null,
    queue               text not null,
    priority            smallint not null,
    status              smallint not null,          -- pending, claimed or running (see ExecutionStatus)
    due_at              timestamptz not null,       -- when the next attempt may start
    attempt             integer not null default 0, -- attempts started so far
    max_attempts        integer not null,
    lost_leases         integer not null default 0,
    worker_id           uuid,
    lease_expires_at    timestamptz,
    started_at          timestamptz,
    cancel_requested    boolean not null default false,
    reason              text                        -- why it was asked to stop, while it still runs
);

insert into gnomon_dispatch (id, job_id, queue, priority, status, due_at, attempt, max_attempts, lost_leases, worker_id,
        lease_expires_at, started_at, cancel_requested, reason)
    select id, job_id, queue, priority, status, due_at, attempt, max_attempts, lost_leases, worker_id,
        lease_expires_at, started_at, cancel_requested, reason
    from gnomon_executions where status in (0, 1, 2);
-- While an execution lives its history row says pending; the dispatch row tells the rest.
update gnomon_executions set status = 0 where status in (1, 2);

-- The claims: pending rows by priority then due time, per queue and across queues; reservations by due time.
create index gnomon_dispatch_claim on gnomon_dispatch (queue, priority desc, due_at) where status = 0;
create index gnomon_dispatch_claim_any on gnomon_dispatch (priority desc, due_at) where status = 0;
create index gnomon_dispatch_due on gnomon_dispatch (due_at) where status = 0;
-- The lease reaper and a worker handing back what it holds.
create index gnomon_dispatch_lease on gnomon_dispatch (lease_expires_at) where status in (1, 2);
-- Concurrency policies look for running executions of a job.
create index gnomon_dispatch_running on gnomon_dispatch (job_id) where status = 2;

drop index gnomon_executions_claim;
drop index gnomon_executions_claim_any;
drop index gnomon_executions_due;
drop index gnomon_executions_lease;
drop index gnomon_executions_running;
-- Retention walks the history by id (UUIDv7, so by creation) instead of keeping an index of finish times.
drop index gnomon_executions_finished;

-- Room on each page for the one rewrite a history row gets when its execution ends, so that rewrite stays on the
-- page (HOT: no index entry) instead of moving the row.
alter table gnomon_executions set (fillfactor = 50);

-- What the API reads: the history row, with the live state of the dispatch row while there is one.
create view gnomon_execution_state as
select e.id, e.job_id, e.job_name, e.trigger, e.scheduled_at,
    coalesce(d.due_at, e.due_at) as due_at,
    coalesce(d.status, e.status) as status,
    case when d.id is null then e.reason else d.reason end as reason,
    e.priority, e.queue, e.payload,
    coalesce(d.attempt, e.attempt) as attempt,
    coalesce(d.max_attempts, e.max_attempts) as max_attempts,
    coalesce(d.lost_leases, e.lost_leases) as lost_leases,
    case when d.id is null then e.worker_id else d.worker_id end as worker_id,
    d.lease_expires_at,
    case when d.id is null then e.started_at else d.started_at end as started_at,
    e.finished_at, e.result, e.output, e.error,
    coalesce(d.cancel_requested, false) as cancel_requested,
    e.created_at
from gnomon_executions e left join gnomon_dispatch d on d.id = e.id;
