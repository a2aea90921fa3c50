-- Shadow traffic (ADR-25): members a load-test run registers, and the codes it asks for, carry
-- its id (the transaction's concord.test_run setting, set by the platform for tagged work only;
-- real rows stay null).
alter table member add column test_run varchar(40) default nullif(current_setting('concord.test_run', true), '');
alter table one_time_code add column test_run varchar(40) default nullif(current_setting('concord.test_run', true), '');
alter table code_request add column test_run varchar(40) default nullif(current_setting('concord.test_run', true), '');
create index member_test_run on member (test_run) where test_run is not null;
