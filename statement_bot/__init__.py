"""Statement Bot's core: the store, what a message refers to (understand/), the
dialogue (dialogue/: state, request, planners, route table), practice, safety, settings.

Nothing in this package imports Rasa or the Rasa SDK, so all of it is tested
without Rasa running. The action server (``actions``), the Rasa-side plugins
(``rasa_plugins``), the web page (``web``), the operator tools (``ops``) and the
benchmark (``bench``) import it; it imports none of them.
"""
