#!/bin/sh
# Insyn's database roles, for the postgres service of docker/compose.yml. The postgres image runs
# this once, on the first start of an empty volume, as POSTGRES_USER (the superuser). It is
# idempotent: run it again to apply it to an existing volume or to change the passwords:
#
#   docker compose -f docker/compose.yml exec postgres sh /docker-entrypoint-initdb.d/10-insyn-roles.sh
#
#   insyn_owner  owns the database and everything in it; only the migrate job logs in as it
#                (DATABASE_MIGRATION_URL).
#   insyn_app    the API and the indexer (DATABASE_URL). Owns nothing; each migration run grants
#                it exactly what Insyn needs (APP_PRIVILEGES in libs/database), so it can neither
#                change the schema nor get around the audit log's triggers.
#
# Tables that an earlier setup created as another role are handed to insyn_owner.
set -eu
: "${INSYN_OWNER_PASSWORD:?set INSYN_OWNER_PASSWORD (docker/postgres.env)}"
: "${INSYN_APP_PASSWORD:?set INSYN_APP_PASSWORD (docker/postgres.env)}"

# Passwords are read with \getenv, so that they never appear on a command line.
psql -v ON_ERROR_STOP=1 --no-psqlrc --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<'SQL'
\getenv owner_password INSYN_OWNER_PASSWORD
\getenv app_password INSYN_APP_PASSWORD
\getenv database POSTGRES_DB

SELECT format('CREATE ROLE %I', name)
  FROM (VALUES ('insyn_owner'), ('insyn_app')) AS wanted(name)
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = name)
\gexec
ALTER ROLE insyn_owner WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS
  PASSWORD :'owner_password';
ALTER ROLE insyn_app WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS
  PASSWORD :'app_password';

ALTER DATABASE :"database" OWNER TO insyn_owner;
-- Only the owner creates objects (PostgreSQL 15 and later grant PUBLIC no CREATE here either).
REVOKE CREATE ON SCHEMA public FROM PUBLIC;

-- Hand over what another role created in the public schema (tables bring their indexes and
-- identity sequences along), extensions' members excepted.
SELECT format('ALTER TABLE %I.%I OWNER TO insyn_owner', n.nspname, c.relname)
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
   AND pg_get_userbyid(c.relowner) <> 'insyn_owner'
   AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
\gexec
SELECT format('ALTER FUNCTION %I.%I(%s) OWNER TO insyn_owner', n.nspname, p.proname,
              pg_get_function_identity_arguments(p.oid))
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
 WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) <> 'insyn_owner'
   AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
\gexec
SQL
