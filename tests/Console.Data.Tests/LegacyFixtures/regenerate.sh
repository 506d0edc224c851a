#!/usr/bin/env bash
# Regenerates the legacy fixtures beside this script from the OLD releases' own code (see README.md).
# Needs: git, the .NET SDK, sqlite3 and Debian's postgresql (server binaries and pg_dump); run as
# root or a user with sudo (the private PostgreSQL server runs as the postgres account, as in test.sh).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(git -C "$here" rev-parse --show-toplevel)
V1=f517f12fc2db585dab3f87f736fc4b0880818e4f # the last release with schema 1 (parent of fd2cad2, which brought schema 2)
V2=4ad7f39                                  # the last release before EF Core migrations (schema 2)
work=$(mktemp -d /tmp/agv-legacy-fixtures.XXXXXX)
chmod 755 "$work" # the PostgreSQL server runs as postgres and keeps its cluster in here

# Each old release as a plain tree (git archive: no worktree, nothing in .git changes), with the
# generator copied in and built against that release's Console.Data.
for v in v1 v2; do
  rev=$([ $v = v1 ] && echo $V1 || echo $V2)
  mkdir -p "$work/$v"
  git -C "$repo" archive "$rev" | tar -x -C "$work/$v"
  cp -r "$here/Generator" "$work/$v/fixture-generator"
  rm -rf "$work/$v/fixture-generator/bin" "$work/$v/fixture-generator/obj"
  dotnet build "$work/$v/fixture-generator" --nologo -v q >/dev/null
done
gen() { local v=$1; shift; dotnet "$work/$v/fixture-generator/bin/Debug/net10.0/LegacyFixtureGenerator.dll" "$@"; }

# SQLite: the database file, then sqlite3's SQL text dump of it.
gen v2 fill sqlite "Data Source=$work/v2.db"
gen v1 fill sqlite "Data Source=$work/v1.db"
sqlite3 "$work/v1.db" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
cp "$work/v1.db" "$work/v1-upgraded.db"
gen v2 upgrade sqlite "Data Source=$work/v1-upgraded.db" # the old release's hand-written 1 → 2 step
for f in v2 v1 v1-upgraded; do sqlite3 "$work/$f.db" .dump > "$here/legacy-$f.sqlite.sql"; done

# PostgreSQL: a private server as in test.sh, one database per fixture, pg_dump of each.
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
as_postgres() { if [ "$(id -un)" = postgres ]; then "$@"; elif [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi; }
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
pgport=$(( 20000 + RANDOM % 20000 ))
mkdir "$work/pg"; $SUDO chown postgres "$work/pg"
as_postgres "$pgbin/initdb" -D "$work/pg/data" -A trust -U postgres >/dev/null
as_postgres "$pgbin/pg_ctl" -D "$work/pg/data" -l "$work/pg/server.log" -w -o "-p $pgport -k $work/pg -c listen_addresses=127.0.0.1" start >/dev/null
trap 'as_postgres "$pgbin/pg_ctl" -D "$work/pg/data" -m fast stop >/dev/null 2>&1 || true; $SUDO rm -rf "$work"' EXIT
pg="Host=127.0.0.1;Port=$pgport;Username=postgres"
gen v2 fill postgres "$pg;Database=legacy_v2"
gen v1 fill postgres "$pg;Database=legacy_v1"
psql -q -h 127.0.0.1 -p $pgport -U postgres -d postgres -c 'CREATE DATABASE legacy_v1_upgraded TEMPLATE legacy_v1'
gen v2 upgrade postgres "$pg;Database=legacy_v1_upgraded"
for f in v2 v1 v1_upgraded; do
  pg_dump -h 127.0.0.1 -p $pgport -U postgres --no-owner --no-privileges --inserts "legacy_$f" > "$here/legacy-${f/_/-}.postgres.sql"
done
echo "regenerated: $(cd "$here" && ls legacy-*.sql | tr '\n' ' ')"
