#!/usr/bin/env bash
# Start the action server and Rasa together; Ctrl-C stops both.
# Reads .env; ports and hosts can be changed there (see .env.example).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

MODEL=${MODEL:-models/statement-bot.tar.gz}
[ -f "$MODEL" ] || { echo "error: no trained model at $MODEL (run 'make run')" >&2; exit 1; }

pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

# Conversations: apply the retention limit now (this creates the SQLite file and
# fails fast on a bad tracker store), then again every CONVERSATION_PRUNE_MINUTES.
.venv/bin/python -m ops.conversations prune
.venv/bin/python -m ops.conversations prune --every "$CONVERSATION_PRUNE_MINUTES" &
pids+=($!)

.venv/bin/python -m actions &
pids+=($!)
# Wait for the action server (it exits at once if the store is broken).
for _ in $(seq 1 120); do
  if ! kill -0 "${pids[-1]}" 2>/dev/null; then
    echo "error: the action server stopped; see the message above" >&2
    exit 1
  fi
  if .venv/bin/python - <<PY 2>/dev/null
import urllib.request
urllib.request.urlopen("http://${ACTION_SERVER_HOST}:${ACTION_SERVER_PORT}/health", timeout=1)
PY
  then break; fi
  sleep 0.5
done

echo "Statement Bot: REST channel at http://${RASA_HOST}:${RASA_PORT}/webhooks/rest/webhook"
.venv/bin/rasa run --model "$MODEL" --endpoints endpoints.yml --credentials credentials.yml \
  --interface "$RASA_HOST" --port "$RASA_PORT" &
pids+=($!)
wait -n "${pids[@]}"
