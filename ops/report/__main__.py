"""``python -m ops.report``: see ``ops.report.cli``."""

import sys

from ops.report.cli import main

sys.exit(main())
