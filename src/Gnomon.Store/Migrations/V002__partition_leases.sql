-- Gnomon schema, version 2: masters share the scheduling through partition leases.

-- One row per partition, created once; a lease is held while owner_id is set and expires_at is in the future
-- (the database's clock is the only one compared). epoch grows with every change of hands: a write made under
-- an older epoch is refused, so a master that lost a partition cannot write for it any more.
create table gnomon_partition_leases (
    partition           smallint primary key,
    owner_id            uuid,
    epoch               bigint not null default 0,
    expires_at          timestamptz,
    acquired_at         timestamptz
);
insert into gnomon_partition_leases (partition) select generate_series(0, 63);

-- Masters taking part in the split, renewed with their leases: the fair share is the partition count over
-- the live members, and a member's row lapses together with the leases it stopped renewing.
create table gnomon_scheduler_members (
    node_id             uuid primary key,
    expires_at          timestamptz not null
);
