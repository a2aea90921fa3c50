-- Points rules ops can change at run time (the first start copies them from the configuration).
create table points_rule (
    id                       int          primary key check (id = 1),
    earn_per_currency_unit   bigint       not null check (earn_per_currency_unit >= 0),
    points_per_currency_unit bigint       not null check (points_per_currency_unit >= 1),
    max_order_share_percent  int          not null check (max_order_share_percent between 0 and 100),
    return_window_seconds    bigint       not null check (return_window_seconds >= 0),
    validity_seconds         bigint       not null check (validity_seconds > 0),
    check_in_points          bigint       not null check (check_in_points >= 0),
    check_in_streak_bonus    bigint       not null check (check_in_streak_bonus >= 0),
    check_in_streak_cap      int          not null check (check_in_streak_cap >= 1),
    review_points            bigint       not null check (review_points >= 0),
    updated_at               timestamptz  not null,
    updated_by               varchar(200) not null
);
