-- Only proven identities (a one-time code, or a channel client vouching for them) belong to a member and
-- resolve, sign in or merge. What a shopper states without proof is a hint of that member: shown and
-- exported to them, erased with them, and unique per member only (several members may state the same one).
create table identity_hint (
    id              bigserial    primary key,
    member_id       uuid         not null references member (id),
    identity_type   varchar(24)  not null,
    namespace       varchar(64)  not null,
    lookup_hash     varchar(64)  not null,
    protected_value text         not null,
    masked_value    varchar(100) not null,
    recorded_at     timestamptz  not null,
    unique (member_id, identity_type, namespace, lookup_hash)
);
create index identity_hint_member on identity_hint (member_id);

insert into identity_hint (member_id, identity_type, namespace, lookup_hash, protected_value, masked_value, recorded_at)
select member_id, identity_type, namespace, lookup_hash, protected_value, masked_value, linked_at
from channel_identity where not verified;
delete from channel_identity where not verified;
alter table channel_identity drop column verified;
