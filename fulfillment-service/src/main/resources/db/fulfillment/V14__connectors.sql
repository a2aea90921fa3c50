-- Channel connectors (ADR-33): one row per external channel account (a marketplace or
-- livestream shop), its SKU mapping, and the secrets it uses as references only.
create table connector (
    connector_id        varchar(64)  primary key,
    platform            varchar(40)  not null,
    display_name        varchar(200) not null,
    channel             varchar(32)  not null,
    base_url            varchar(500) not null,
    api_secret_ref      varchar(100) not null,
    webhook_secret_ref  varchar(100) not null,
    stock_buffer        integer      not null check (stock_buffer >= 0),
    pushes_per_second   integer      not null check (pushes_per_second between 1 and 1000),
    pull_every_seconds  integer      not null check (pull_every_seconds between 5 and 86400),
    resync_every_seconds integer     not null check (resync_every_seconds between 60 and 86400),
    dispatch_within_hours integer    not null check (dispatch_within_hours between 1 and 720),
    enabled             boolean      not null,
    created_at          timestamptz  not null,
    updated_at          timestamptz  not null,
    updated_by          varchar(200) not null
);

create unique index connector_by_channel on connector (channel);

-- One platform SKU per Concord SKU per connector, and the other way round: a stock level
-- or a price pushed for a SKU lands on exactly one platform item.
create table connector_sku (
    connector_id varchar(64)  not null references connector (connector_id) on delete cascade,
    platform_sku varchar(100) not null,
    sku          varchar(64)  not null,
    primary key (connector_id, platform_sku)
);

create unique index connector_sku_by_sku on connector_sku (connector_id, sku);
