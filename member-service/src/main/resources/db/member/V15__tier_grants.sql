-- Ops grant a tier for a while (a status match from another programme, a VIP, an apology):
-- the member's tier is the higher of what they qualify for and an unexpired grant.
create table member_tier_grant (
    member_id  uuid         primary key references member (id),
    tier       varchar(16)  not null,
    until      timestamptz  not null,
    reason     varchar(200) not null,
    granted_by varchar(200) not null,
    granted_at timestamptz  not null
);
