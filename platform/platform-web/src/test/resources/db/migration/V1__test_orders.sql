create table test_order (id bigserial primary key, sku varchar(64) not null, quantity int not null);
