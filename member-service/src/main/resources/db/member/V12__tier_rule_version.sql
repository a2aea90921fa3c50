-- Each change of a tier's rule is announced (TierBenefitsChanged) with this version, so
-- a consumer keeps the newest rule whatever order the announcements arrive in.
alter table tier_rule add column version bigint not null default 0;
