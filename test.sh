#!/usr/bin/env bash
# Installs what the tests need when it is missing, then runs every test of the solution.
#   - Debian's chromium, for the browser tests (Playwright drives /usr/bin/chromium).
#   - npm packages of Console.Web are installed by its build (npm ci).
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v chromium >/dev/null 2>&1; then
  echo "test.sh: installing Debian's chromium for the browser tests"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
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
