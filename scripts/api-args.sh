# Sourced by scripts/run.sh: the `rasa run` options for Rasa's HTTP API, in the
# array api_args. The API (conversations, model, ...) is off unless
# RASA_ENABLE_API=true, and then it needs RASA_AUTH_TOKEN (16+ characters) or
# RASA_JWT_SECRET from .env: without one, this refuses to start (exit 1).
api_args=()
case "${RASA_ENABLE_API:-false}" in
  true | True | TRUE | 1 | yes)
    if [ -z "${RASA_AUTH_TOKEN:-}" ] && [ -z "${RASA_JWT_SECRET:-}" ]; then
      echo "error: RASA_ENABLE_API=true needs RASA_AUTH_TOKEN or RASA_JWT_SECRET in .env" >&2
      exit 1
    fi
    if [ -n "${RASA_AUTH_TOKEN:-}" ] && [ ${#RASA_AUTH_TOKEN} -lt 16 ]; then
      echo "error: RASA_AUTH_TOKEN must be at least 16 characters" >&2
      exit 1
    fi
    api_args=(--enable-api)
    [ -z "${RASA_AUTH_TOKEN:-}" ] || api_args+=(--auth-token "$RASA_AUTH_TOKEN")
    [ -z "${RASA_JWT_SECRET:-}" ] ||
      api_args+=(--jwt-secret "$RASA_JWT_SECRET" --jwt-method "${RASA_JWT_METHOD:-HS256}")
    ;;
  false | False | FALSE | 0 | no | "") ;;
  *)
    echo "error: RASA_ENABLE_API must be true or false, not '$RASA_ENABLE_API'" >&2
    exit 1
    ;;
esac
