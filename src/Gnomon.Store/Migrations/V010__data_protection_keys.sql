-- Gnomon schema, version 10: ASP.NET Core Data Protection's key ring, shared by every node.

-- The dashboard's sign-in cookie is encrypted with these keys; kept here, a cookie one master wrote is read by every
-- other, wherever it runs (before, each host kept its own ring in ~/.aspnet/DataProtection-Keys).
create table gnomon_data_protection_keys (
    id             bigint generated always as identity primary key,
    friendly_name  text,
    xml            text not null,
    created_at     timestamptz not null default now()
);
