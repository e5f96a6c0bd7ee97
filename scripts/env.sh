# Sourced by the scripts: read .env (variables already set in the environment
# win), then fill in the defaults.
if [ -f .env ]; then
  while IFS= read -r line || [ -n "$line" ]; do
    line=${line%$'\r'}
    [[ $line =~ ^[[:space:]]*([A-Za-z_][A-Za-z0-9_]*)=(.*)$ ]] || continue
    key=${BASH_REMATCH[1]}
    value=${BASH_REMATCH[2]}
    value=${value#\"}; value=${value%\"}; value=${value#\'}; value=${value%\'}
    [ -n "${!key+set}" ] || export "$key=$value"
  done < .env
fi
export STORE_DIR=${STORE_DIR:-stores}
export RASA_HOST=${RASA_HOST:-127.0.0.1}
export RASA_PORT=${RASA_PORT:-5005}
export ACTION_SERVER_HOST=${ACTION_SERVER_HOST:-127.0.0.1}
export ACTION_SERVER_PORT=${ACTION_SERVER_PORT:-5055}
export LOG_LEVEL=${LOG_LEVEL:-INFO}
# Conversations (tracker store): the SQLite file of the default profile, as an
# absolute path (relative paths are resolved against the project folder).
CONVERSATIONS_DB=${CONVERSATIONS_DB:-var/conversations.db}
[[ $CONVERSATIONS_DB = /* ]] || CONVERSATIONS_DB="$PWD/$CONVERSATIONS_DB"
export CONVERSATIONS_DB
export CONVERSATION_RETENTION_DAYS=${CONVERSATION_RETENTION_DAYS:-30}
export CONVERSATION_PRUNE_MINUTES=${CONVERSATION_PRUNE_MINUTES:-15}
# Website widget: the demo page's port, and the origins allowed to call Rasa from
# a browser (space-separated; default: the demo page's own two origins).
export WEB_PORT=${WEB_PORT:-8080}
export CORS_ORIGINS=${CORS_ORIGINS:-http://localhost:$WEB_PORT http://127.0.0.1:$WEB_PORT}
# Slack (credentials.yml reads these): off unless the token and secret are set.
export SLACK_TOKEN=${SLACK_TOKEN:-}
export SLACK_SIGNING_SECRET=${SLACK_SIGNING_SECRET:-}
export SLACK_CHANNEL=${SLACK_CHANNEL:-}
export SLACK_API_URL=${SLACK_API_URL:-}
export RASA_TELEMETRY_ENABLED=false
export TF_CPP_MIN_LOG_LEVEL=${TF_CPP_MIN_LOG_LEVEL:-3}
export SQLALCHEMY_SILENCE_UBER_WARNING=1
export PYTHONWARNINGS=${PYTHONWARNINGS:-ignore::DeprecationWarning}
