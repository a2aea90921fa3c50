-- Shadow traffic (ADR-25): rows a load-test run creates carry its id. The default is the
-- transaction's concord.test_run setting, which the platform sets for tagged work only, so no
-- insert names the column and real rows stay null.
alter table sku add column test_run varchar(40) default nullif(current_setting('concord.test_run', true), '');
alter table location add column test_run varchar(40) default nullif(current_setting('concord.test_run', true), '');
alter table channel_location add column test_run varchar(40) default nullif(current_setting('concord.test_run', true), '');
alter table stock_level add column test_run varchar(40) default nullif(current_setting('concord.test_run', true), '');
alter table stock_movement add column test_run varchar(40) default nullif(current_setting('concord.test_run', true), '');
alter table reservation add column test_run varchar(40) default nullif(current_setting('concord.test_run', true), '');
create index sku_test_run on sku (test_run) where test_run is not null;
create index reservation_test_run on reservation (test_run) where test_run is not null;
