"""Operations tools that work beside the servers (conversation retention, deletion)."""

import os

# Rasa 3.6 uses SQLAlchemy 1.4's legacy API; its 2.0 warning is noise here (the
# variable is read when SQLAlchemy is imported, so it is set before any import).
os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")
