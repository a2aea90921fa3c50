-- A refresh-token family is a session: it ends at the latest session-max-lifetime after its sign-in, and
-- carries the time of that sign-in (auth_time) through every refresh. Existing families started at their
-- oldest token.
alter table refresh_token add column family_started_at timestamptz;
alter table refresh_token add column auth_time timestamptz;
update refresh_token r set family_started_at = f.started_at, auth_time = f.started_at
from (select family_id, min(issued_at) as started_at from refresh_token group by family_id) f
where r.family_id = f.family_id;
alter table refresh_token alter column family_started_at set not null;
alter table refresh_token alter column auth_time set not null;
create index refresh_token_member on refresh_token (member_id) where revoked_at is null;
