#!/usr/bin/env bash
# Install the scale-out profile's services from Debian's packages when missing:
# PostgreSQL (tracker store), Redis (lock store) and nginx (load balancer).
# Needs root (or sudo) for apt-get; does nothing when all three are present.
set -euo pipefail

missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then sudo=(); else sudo=(sudo); fi
command -v apt-get >/dev/null 2>&1 || {
  echo "error: install ${missing[*]} with your package manager" >&2
  exit 1
}
echo "Installing ${missing[*]} from Debian's packages"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
# --no-install-recommends: no system services beyond the packages themselves.
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Debian starts the packaged services on install; the profile runs its own
# instances on its own ports, so stop the system ones where a service manager runs.
for service in redis-server nginx; do
  if command -v service >/dev/null 2>&1; then
    "${sudo[@]}" service "$service" stop >/dev/null 2>&1 || true
  fi
done
