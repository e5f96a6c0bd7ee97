"""Everything Rasa loads from this project, in one package.

- NLU components (``components``, ``classifier``), listed in ``config.yml``;
- input channels (``rest``, ``slack`` with ``mrkdwn``), in ``credentials.yml``;
- stores (``tracker_store``, ``lock_store``), in the endpoints files;
- ``patches``: the only code that replaces or wraps Rasa internals, installed
  explicitly by the launcher (``python -m rasa_plugins``), never on import.
"""
