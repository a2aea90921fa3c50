-- What each tier gives at checkout: promotion-service's own copy of member-service's tier
-- rules (ADR-27), kept current from TierBenefitsChanged (the newest version wins). The rows
-- start as member-service's own starting rules (its V3 migration), version 0.
create table tier_benefit (
    tier             varchar(16)  primary key,
    discount_percent numeric(5,2) not null check (discount_percent >= 0 and discount_percent < 100),
    free_shipping    boolean      not null,
    early_access     boolean      not null,
    version          bigint       not null,
    updated_at       timestamptz  not null
);
insert into tier_benefit values
    ('BRONZE',    0.00, false, false, 0, now()),
    ('SILVER',    2.00, false, false, 0, now()),
    ('GOLD',      5.00, true,  false, 0, now()),
    ('PLATINUM',  8.00, true,  true,  0, now()),
    ('DIAMOND',  10.00, true,  true,  0, now());

-- Early access: a campaign opens to members of a tier (or of tiers with the early-access
-- benefit) this many hours before its public start.
alter table campaign add column early_access_hours integer not null default 0
    check (early_access_hours between 0 and 720);
alter table campaign add column early_access_min_tier varchar(16)
    check (early_access_min_tier in ('BRONZE', 'SILVER', 'GOLD', 'PLATINUM', 'DIAMOND'));
