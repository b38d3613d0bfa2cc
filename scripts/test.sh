#!/usr/bin/env bash
# Runs the whole Vigie test suite on a fresh Debian 12 machine: installs what the tests need from apt,
# starts a throw-away PostgreSQL cluster bound to 127.0.0.1 (removed on exit), then runs `dotnet test`.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

packages=(postgresql libsqlite3-0 libargon2-1 snmpd snmp ocsinventory-agent fusioninventory-agent python3-aiosmtpd keepassxc)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "test.sh: installing ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
work=$(mktemp -d /tmp/vigie-pg.XXXXXX)
chmod 0755 "$work"
pgpass=$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 24)
printf '%s\n' "$pgpass" > "$work/pwfile"
run_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ "$(id -u)" -eq 0 ]; then chown postgres "$work" "$work/pwfile"; fi

port=""
for _ in $(seq 1 50); do
  candidate=$((20000 + RANDOM % 20000))
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate; break; fi
done
[ -n "$port" ] || { echo "test.sh: no free port for PostgreSQL" >&2; exit 1; }

cleanup() {
  run_pg "$pgbin/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

run_pg "$pgbin/initdb" -D "$work/data" -U vigie --auth=scram-sha-256 --pwfile="$work/pwfile" --no-sync >/dev/null
run_pg "$pgbin/pg_ctl" -D "$work/data" -l "$work/postgres.log" -w \
  -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$work -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
  start >/dev/null
echo "test.sh: PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"

export VIGIE_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=vigie;Password=$pgpass;Database=postgres"
log="$work/dotnet-test.log"
set +e
dotnet test Vigie.slnx --logger "console;verbosity=normal" "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
set -e
count() { grep -E "^[[:space:]]+$1: [0-9]+" "$log" | awk '{ s += $2 } END { print s + 0 }'; }
echo "tests: $(count Passed) passed, $(count Failed) failed, $(count Skipped) skipped"
exit "$rc"
