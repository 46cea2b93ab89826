-- Gnomon schema, version 3: fewer writes per execution on the dispatch path, and indexes for the two claims a
-- worker makes in one round trip.

-- A worker serving every queue ('*') takes due rows by priority, then due time, across queues: without this index
-- it sorted every pending row on each claim, which made a backlog quadratic.
create index gnomon_executions_claim_any on gnomon_executions (priority desc, due_at) where status = 0;
-- Reservations of rows due a little later (held on a local timer until their instant) go by due time only.
create index gnomon_executions_due on gnomon_executions (due_at) where status = 0;

-- An attempt's row is written once, when it ends (the worker's completion, or the reaper taking a lost one back);
-- while it runs, the execution row is its record. The foreign key's check locked the execution row on every such
-- insert; retention deletes attempts together with their execution instead of by cascade.
alter table gnomon_execution_attempts drop constraint gnomon_execution_attempts_execution_id_fkey;

-- Workers renew their leases by the ids they hold, and hand back by worker through the lease index (in-flight
-- rows only), so this index was one more write on every claim for no reader.
drop index gnomon_executions_worker;
