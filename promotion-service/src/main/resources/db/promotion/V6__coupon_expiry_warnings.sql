-- A member is told once that a coupon is about to expire (CouponExpiringSoon).
alter table coupon add column expiry_warned_at timestamptz;
create index coupon_expiry_warning on coupon (valid_until) where status = 'AVAILABLE' and expiry_warned_at is null;
