-- Shadow traffic (ADR-25): rows created under a test run carry it.
alter table parcel add column test_run varchar(40) default nullif(current_setting('concord.test_run', true), '');
alter table parcel_tally add column test_run varchar(40) default nullif(current_setting('concord.test_run', true), '');
