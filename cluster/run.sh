#!/usr/bin/env bash
# make run-cluster: the scale-out profile on this machine (docs/operations.md,
# "Scale-out profile"). Settings as for scripts/run.sh; Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
case "${CLUSTER_LOCAL_SERVICES:-true}" in
  true | 1 | yes) cluster/install-services.sh ;;
esac
exec .venv/bin/python -m cluster.stack
