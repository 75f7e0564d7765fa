#!/usr/bin/env bash
# Sets up and runs every test: installs what the tests drive (Debian's chromium, nginx, openssl,
# PostgreSQL and Redis) when missing, starts PostgreSQL and Redis, then runs the whole suite on SQLite
# and the store, ingestion, live and alerts tests again on PostgreSQL. Run as root or with sudo rights.
set -euo pipefail
cd "$(dirname "$0")"
sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi; }

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
[ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
command -v pg_ctlcluster >/dev/null 2>&1 || missing+=(postgresql)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
if [ ${#missing[@]} -gt 0 ]; then
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# PostgreSQL: the local cluster, reached over its socket as the user running the tests (peer
# authentication, no password), who may create the throwaway databases the tests make and drop them even
# while an autovacuum worker is in one (pg_signal_backend; without it DROP DATABASE ... FORCE fails).
cluster=$(pg_lsclusters --no-header | awk 'NR==1 {print $1" "$2}')
$sudo pg_ctlcluster $cluster start 2>/dev/null || true
user=$(id -un)
as_postgres psql -qtAc "SELECT 1 FROM pg_roles WHERE rolname = '$user'" | grep -q 1 \
    || as_postgres psql -qc "CREATE ROLE \"$user\" LOGIN CREATEDB"
as_postgres psql -qc "SET client_min_messages = warning; GRANT pg_signal_backend TO \"$user\""

# Redis for the tests of several instances: WAZZAP_TEST_REDIS names one; unset, they use 127.0.0.1:6379,
# started here when nothing answers there.
if [ -z "${WAZZAP_TEST_REDIS:-}" ] && ! redis-cli -p 6379 ping >/dev/null 2>&1; then
    redis-server --daemonize yes --port 6379 --save "" --appendonly no >/dev/null
    for _ in $(seq 50); do redis-cli -p 6379 ping >/dev/null 2>&1 && break; sleep 0.1; done
fi

dotnet test WazzapDashboard.sln
WAZZAP_TEST_PROVIDER=Postgres dotnet test WazzapDashboard.sln --no-build \
    --filter "Store!=Sqlite&(FullyQualifiedName~.Webhooks.|FullyQualifiedName~.Scaling.|FullyQualifiedName~.Fleet.|FullyQualifiedName~.Live.|FullyQualifiedName~.Alerts.|FullyQualifiedName~.Storage.|FullyQualifiedName~.History.|FullyQualifiedName~.Access.|FullyQualifiedName~.Reconciliation.)"
