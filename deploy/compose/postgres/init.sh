#!/bin/bash
# Runs once, when the postgres container starts on an empty data volume (docker-entrypoint-initdb.d):
# one database and one login role per service, each role owning only its database. The passwords come
# from the container's environment (docker-compose.yml passes them from .env). Changing a password
# later: ALTER ROLE ... PASSWORD ... by hand, then update .env and recreate the service's container.
#
# The entrypoint sources this file when it is not executable, so it avoids `set -u` and `exit`.
set -eo pipefail

concord_create_database() {
	local database="$1" role="$2" password="$3"
	if [ -z "$password" ]; then
		echo "init.sh: no password for $role (set it in .env)" >&2
		return 1
	fi
	psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
		-v db="$database" -v role="$role" -v password="$password" <<'SQL'
CREATE ROLE :"role" LOGIN PASSWORD :'password';
CREATE DATABASE :"db" OWNER :"role";
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"db" TO :"role";
SQL
	echo "init.sh: database $database owned by $role"
}

# Database names are the ones in each service's application.yml (spring.datasource.url).
concord_create_database member_service member_service "${MEMBER_DB_PASSWORD:-}"
concord_create_database inventory_service inventory_service "${INVENTORY_DB_PASSWORD:-}"
concord_create_database promotion_service promotion_service "${PROMOTION_DB_PASSWORD:-}"
concord_create_database fulfillment_service fulfillment_service "${FULFILLMENT_DB_PASSWORD:-}"
