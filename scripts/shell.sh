#!/usr/bin/env bash
# Chat in the terminal: the action server in the background, `rasa shell` in front.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
model=${1:-models/statement-bot.tar.gz}
.venv/bin/python -m actions &
actions_pid=$!
trap 'kill $actions_pid 2>/dev/null || true' EXIT
.venv/bin/python -m rasa_plugins shell --model "$model" --endpoints endpoints.yml --port "$RASA_PORT"
