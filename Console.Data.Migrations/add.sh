#!/usr/bin/env bash
# Adds a migration of one name to both sets, SQLite and PostgreSQL (see README.md beside this).
#   Console.Data.Migrations/add.sh AddOrderDeadline
set -euo pipefail
if [ $# -ne 1 ]; then echo "usage: $0 <MigrationName>   (PascalCase, says what changes: AddOrderDeadline)" >&2; exit 2; fi
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null # dotnet-ef at the version of .config/dotnet-tools.json
for provider in Sqlite Postgres; do
  project="Console.Data.Migrations/$provider"
  dotnet ef migrations add "$1" --project "$project" --startup-project "$project"
done
git status --short Console.Data.Migrations
