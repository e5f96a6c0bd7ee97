"""Statement importer: a department's published page -> a draft store file.

``python -m ops.importer SOURCE... --id ID`` (``make import``) reads a saved page
(HTML or plain text) or a URL, writes ``drafts/<id>.yml`` and a review list beside
it; ``--check`` (``make import-check``) compares a live store file with a newer
copy of the page. Every sentence of a draft is the page's own text.

Modules: ``source`` (read files and URLs) -> ``html``/``plain`` (page -> blocks)
-> ``parts`` (blocks -> a ``draft.Draft``, with ``values`` and ``contact``)
-> ``draft`` (YAML and the review); ``drift`` and ``fidelity`` compare.
"""
