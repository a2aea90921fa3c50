alter table member add column birthday date;

-- RFM per member from delivered orders (12 months), recomputed on orders and nightly.
create table member_rfm (
    member_id      uuid        primary key references member (id),
    recency_days   int,
    frequency      int         not null,
    monetary_minor bigint      not null,
    r              int         not null,
    f              int         not null,
    m              int         not null,
    segment        varchar(20) not null,
    computed_at    timestamptz not null
);
create index member_rfm_segment on member_rfm (segment);

-- One churn-risk signal per stretch of inactivity (keyed by the last activity it is about).
create table member_churn_signal (
    member_id      uuid        not null references member (id),
    last_active_at timestamptz not null,
    signalled_at   timestamptz not null,
    primary key (member_id, last_active_at)
);

-- One birthday celebration per member and year.
create table member_birthday_signal (
    member_id uuid not null references member (id),
    year      int  not null,
    primary key (member_id, year)
);
