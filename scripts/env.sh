# Sourced by the scripts: every setting, checked, as statement_bot/settings/
# reads it (the environment, then .env, then the defaults). No second parser.
exports=$(.venv/bin/python -m statement_bot.settings --export) || exit 1
eval "$exports"
unset exports
