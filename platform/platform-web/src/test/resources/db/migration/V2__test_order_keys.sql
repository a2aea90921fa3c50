alter table test_order add column idempotency_key varchar(200) unique;
