# Sourced by scripts/run.sh: the `rasa run` options for Rasa's HTTP API, in the
# array api_args. The API (conversations, model, ...) is off unless
# RASA_ENABLE_API=true, and then it needs RASA_AUTH_TOKEN (16+ characters) or
# RASA_JWT_SECRET: statement_bot/settings/ checks that and refuses (exit 1).
source scripts/env.sh
api_args=()
if [ "$RASA_ENABLE_API" = true ]; then
  api_args=(--enable-api)
  [ -z "$RASA_AUTH_TOKEN" ] || api_args+=(--auth-token "$RASA_AUTH_TOKEN")
  [ -z "$RASA_JWT_SECRET" ] ||
    api_args+=(--jwt-secret "$RASA_JWT_SECRET" --jwt-method "$RASA_JWT_METHOD")
fi
