-- Members erased at member-service: remembered (by id only) so that an event about them
-- arriving late (a registration, a tier change) never brings their profile or a coupon back.
create table audience_erased (
    member_id uuid        primary key,
    erased_at timestamptz not null
);
