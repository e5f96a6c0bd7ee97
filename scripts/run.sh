#!/usr/bin/env bash
# Start the action server, Rasa and the demo page together; Ctrl-C stops them.
# Settings come from statement_bot/settings/ (.env; see .env.example).
set -euo pipefail
cd "$(dirname "$0")/.."
# Every setting, checked (scripts/env.sh), and Rasa's HTTP API options.
source scripts/api-args.sh

model=${1:-models/statement-bot.tar.gz}
[ -f "$model" ] || { echo "error: no trained model at $model (run 'make run')" >&2; exit 1; }

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

# Browsers may call Rasa only from the pages in CORS_ORIGINS (settings refuse '*').
read -r -a cors <<< "$CORS_ORIGINS"

echo "Statement Bot: REST channel at http://${RASA_HOST}:${RASA_PORT}/webhooks/rest/webhook"
case "$SOCKETIO_ENABLED" in
  true) echo "Statement Bot: Socket.IO (rasa-webchat) at http://${RASA_HOST}:${RASA_PORT}/socket.io/" ;;
  *) echo "Statement Bot: Socket.IO is off (SOCKETIO_ENABLED=false)" ;;
esac
if [ -n "$SLACK_TOKEN" ] && [ -n "$SLACK_SIGNING_SECRET" ]; then
  echo "Statement Bot: Slack events at http://${RASA_HOST}:${RASA_PORT}/webhooks/slack/webhook"
else
  echo "Statement Bot: Slack is off ($([ -n "$SLACK_TOKEN" ] && echo SLACK_SIGNING_SECRET || echo SLACK_TOKEN) not set)"
fi
# Rasa through the launcher, which installs the project's patches (rasa_plugins).
.venv/bin/python -m rasa_plugins run --model "$model" --endpoints endpoints.yml \
  --credentials credentials.yml --interface "$RASA_HOST" --port "$RASA_PORT" \
  --cors "${cors[@]}" "${api_args[@]}" &
rasa_pid=$!
pids+=("$rasa_pid")

# The demo department page with the website widget (web/).
.venv/bin/python -m web.serve &
pids+=($!)

# Say when Rasa answers (loading the model takes a while).
rasa_url="http://${RASA_HOST/0.0.0.0/127.0.0.1}:${RASA_PORT}/"
for _ in $(seq 1 600); do
  kill -0 "$rasa_pid" 2>/dev/null || break
  if .venv/bin/python -c "import urllib.request as u; u.urlopen('$rasa_url', timeout=1)" 2>/dev/null; then
    echo "Statement Bot is ready: open http://localhost:${WEB_PORT}/ to chat, or" \
      "http://localhost:${WEB_PORT}/webchat.html for rasa-webchat (Ctrl-C stops)"
    break
  fi
  sleep 1
done
wait -n "${pids[@]}"
