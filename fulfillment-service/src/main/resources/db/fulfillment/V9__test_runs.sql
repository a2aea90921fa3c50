-- Shadow traffic (ADR-25): rows a load-test run creates carry its id. The default is the
-- transaction's concord.test_run setting, which the platform sets for tagged work only, so no
-- insert names the column and real rows stay null. An order's other rows (lines, transitions,
-- returns, breaches, carrier events) belong to the run through their order.
alter table customer_order add column test_run varchar(40) default nullif(current_setting('concord.test_run', true), '');
alter table payment add column test_run varchar(40) default nullif(current_setting('concord.test_run', true), '');
alter table shipment add column test_run varchar(40) default nullif(current_setting('concord.test_run', true), '');
alter table product add column test_run varchar(40) default nullif(current_setting('concord.test_run', true), '');
alter table supplier add column test_run varchar(40) default nullif(current_setting('concord.test_run', true), '');
alter table member_erasure add column test_run varchar(40) default nullif(current_setting('concord.test_run', true), '');
create index customer_order_test_run on customer_order (test_run) where test_run is not null;
