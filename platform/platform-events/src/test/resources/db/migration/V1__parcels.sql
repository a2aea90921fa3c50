create table parcel (id uuid primary key, label varchar(100) not null, version bigint not null);
create table parcel_tally (label varchar(100) primary key, arrivals int not null);
