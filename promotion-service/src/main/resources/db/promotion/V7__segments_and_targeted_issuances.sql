-- A member's RFM segment from MemberSegmentChanged (and MemberChurnRisk), the newest by the
-- member's aggregate version, so ops can target segments.
alter table audience_member add column segment_version bigint not null default 0;
create index audience_member_segment on audience_member (segment, member_id);
create index audience_member_tier on audience_member (tier, member_id);

-- Ops issue a coupon template to the members of some segments and tiers (issue 19). The job
-- walks the audience by member id from the cursor; every member gets the coupon once
-- (its issue key is the issuance).
create table targeted_issuance (
    id           uuid         primary key,
    promotion_id varchar(64)  not null,
    segments     jsonb        not null,
    tiers        jsonb        not null,
    status       varchar(16)  not null check (status in ('RUNNING', 'DONE')),
    targeted     integer      not null,
    issued       integer      not null default 0,
    skipped      integer      not null default 0,
    cursor_member uuid,
    requested_by varchar(200) not null,
    created_at   timestamptz  not null,
    finished_at  timestamptz
);
