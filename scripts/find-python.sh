#!/usr/bin/env bash
# Print the path of a Python 3.10 interpreter (Rasa 3.6 supports 3.8-3.10 only).
# Tries $PYTHON310, python3.10 on the PATH, pyenv's versions, then common places.
set -u
candidates=("${PYTHON310:-}" python3.10)
if command -v pyenv >/dev/null 2>&1; then
  for p in "$(pyenv root)"/versions/3.10*/bin/python3.10; do candidates+=("$p"); done
fi
for p in "$HOME"/.pyenv/versions/3.10*/bin/python3.10 /usr/local/bin/python3.10 /usr/bin/python3.10; do
  candidates+=("$p")
done
for c in "${candidates[@]}"; do
  [ -n "$c" ] || continue
  exe=$("$c" -c 'import sys; assert sys.version_info[:2] == (3, 10); print(sys.executable)' 2>/dev/null) || continue
  echo "$exe"
  exit 0
done
cat >&2 <<'MSG'
error: Python 3.10 was not found, and Rasa 3.6 needs Python 3.8-3.10 (3.11 will not do).
Install it, then run make again:
  - with pyenv:  pyenv install 3.10.13
  - on Debian/Ubuntu (deadsnakes PPA or a release that ships it): apt-get install python3.10 python3.10-venv
  - or point the Makefile at one:  make run PYTHON310=/path/to/python3.10
MSG
exit 1
