-- Gnomon schema, version 7: autovacuum that keeps up with the queue tables.

-- Every claim, start, lease renewal and completion leaves a dead version of a dispatch row, and every fire one of a
-- job's fire row: at 10,000 executions a second that is over 25,000 dead dispatch rows a second on a table of some
-- 20,000 live ones. The default autovacuum sleeps 2 ms per 200 pages of work (cost_delay), so on this table it fell
-- minutes behind (1.6 million dead rows seen): the lease index held 120,000 entries for 20,000 held rows, each start
-- read all of them through a bitmap (6 ms of a 28 ms start of 1,000 rows), the reaper's scan of expired leases walked
-- every dead entry (27 ms to find none) and the statistics went stale enough to choose those plans. These tables
-- stay small (only live work, bounded by the backlog limit), so vacuuming them at full speed costs little.
alter table gnomon_dispatch set (
    autovacuum_vacuum_cost_delay = 0,
    autovacuum_vacuum_scale_factor = 0.05,
    autovacuum_vacuum_threshold = 1000,
    autovacuum_analyze_scale_factor = 0.05,
    autovacuum_analyze_threshold = 1000);

alter table gnomon_job_fires set (
    autovacuum_vacuum_cost_delay = 0,
    autovacuum_vacuum_scale_factor = 0.05,
    autovacuum_vacuum_threshold = 1000);
