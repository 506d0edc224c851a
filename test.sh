#!/usr/bin/env bash
# Installs what the tests need when it is missing, then runs every test of the solution.
#   - Debian's chromium, for the browser tests (Playwright drives /usr/bin/chromium).
#   - Debian's postgresql: a private server on 127.0.0.1 for the data tests' PostgreSQL run,
#     started here in a temporary directory and stopped at the end (AGV_TEST_POSTGRES names it).
#   - npm packages of Console.Web are installed by its build (npm ci).
#   - Debian's libssl3 (OpenSSL 3's libcrypto.so.3), normally already there: SM2 signatures use it
#     where it loads (the console falls back to BouncyCastle without it, and the tests of the
#     OpenSSL path would be skipped).
set -euo pipefail
cd "$(dirname "$0")"

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || missing+=(postgresql)
# Chinese glyphs for the browser tests' screenshots of the zh-CN interface.
[ -n "$(fc-list :lang=zh 2>/dev/null)" ] || missing+=(fonts-noto-cjk) # not a pipe into grep -q: under pipefail a SIGPIPE would read as "missing"
grep -q "libcrypto.so.3 " <(/sbin/ldconfig -p 2>/dev/null) || missing+=(libssl3)
if [ ${#missing[@]} -gt 0 ]; then
  echo "test.sh: installing Debian's ${missing[*]} for the tests"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# PostgreSQL refuses to run as root: the cluster belongs to the postgres account the package made.
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
pgdir=$(mktemp -d /tmp/agv-console-pg.XXXXXX)
pgport=$(( 20000 + RANDOM % 20000 ))
as_postgres() { if [ "$(id -un)" = postgres ]; then "$@"; elif [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi; }
$SUDO chown postgres "$pgdir"
as_postgres "$pgbin/initdb" -D "$pgdir/data" -A trust -U postgres >/dev/null
as_postgres "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/server.log" -w \
  -o "-p $pgport -k $pgdir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
export AGV_TEST_POSTGRES="Host=127.0.0.1;Port=$pgport;Username=postgres;Database=postgres"
stop_pg() { as_postgres "$pgbin/pg_ctl" -D "$pgdir/data" -m fast stop >/dev/null 2>&1 || true; $SUDO rm -rf "$pgdir"; }

log=$(mktemp)
trap 'rm -f "$log"; stop_pg' EXIT
set +e
dotnet test Console.sln --nologo 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One closing line for the whole run, summed over the test projects. A project that did not
# build (or a run that broke off) counts as one failure, so the line never looks green when it is not.
awk -v status="$status" '/(Passed|Failed)! +- +Failed:/ {
       gsub(",", ""); for (i = 1; i <= NF; i++) {
         if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
     END { if (status != 0 && f == 0) f = 1; printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit "$status"
