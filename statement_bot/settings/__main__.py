"""``python -m statement_bot.settings --export``: the settings for a shell."""

import sys

from statement_bot.settings import main

sys.exit(main())
