-- Shadow traffic (ADR-25): rows a load-test run creates carry its id (the transaction's
-- concord.test_run setting, set by the platform for tagged work only; real rows stay null).
alter table campaign add column test_run varchar(40) default nullif(current_setting('concord.test_run', true), '');
alter table promotion add column test_run varchar(40) default nullif(current_setting('concord.test_run', true), '');
alter table coupon add column test_run varchar(40) default nullif(current_setting('concord.test_run', true), '');
alter table member_claim add column test_run varchar(40) default nullif(current_setting('concord.test_run', true), '');
alter table order_promotion add column test_run varchar(40) default nullif(current_setting('concord.test_run', true), '');
alter table audience_member add column test_run varchar(40) default nullif(current_setting('concord.test_run', true), '');
create index campaign_test_run on campaign (test_run) where test_run is not null;
