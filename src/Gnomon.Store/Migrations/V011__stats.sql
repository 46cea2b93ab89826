-- Gnomon schema, version 11: per-minute counts of what every node did, for the dashboard's overview and /api/v1/stats.

-- Each node adds what it counted in memory every few seconds to its own row of the minute (one upsert per node and
-- minute, never a write on the execution path, and no two nodes share a row). Attempt outcomes and fire lags come
-- from workers, skipped slots and the backlog from masters. lag_buckets holds counts in the fixed buckets of
-- Gnomon.Domain.Stats.LagHistogram, so the rows of many nodes add up to one histogram and percentiles come from the sum.
create table gnomon_stats (
    minute       timestamptz not null,
    node_id      uuid not null,
    succeeded    bigint not null default 0,
    failed       bigint not null default 0,
    timed_out    bigint not null default 0,
    cancelled    bigint not null default 0,
    retrying     bigint not null default 0,
    skipped      bigint not null default 0,
    lag_buckets  bigint[] not null,
    backlog      integer,
    primary key (minute, node_id)
);
