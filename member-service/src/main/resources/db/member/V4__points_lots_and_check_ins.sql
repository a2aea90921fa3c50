-- Points expire oldest first: every credit is a lot with what is left of it and when it expires.
alter table points_entry add column remaining bigint check (remaining >= 0);
alter table points_entry add column expires_at timestamptz;
-- Credits recorded before lots existed become lots as they stand (debits so far were taken from the total).
update points_entry set remaining = points, expires_at = coalesce(available_at, created_at) + interval '365 days'
where points > 0 and state = 'AVAILABLE';
create index points_entry_lots on points_entry (member_id, expires_at, id) where remaining > 0;

-- Daily check-ins, one per member and day (in the brand's time zone), with the streak they continue.
create table member_check_in (
    member_id uuid not null references member (id),
    day       date not null,
    streak    int  not null,
    points    bigint not null,
    primary key (member_id, day)
);
