"""The staff report: what people ask and what the bot missed, from the tracker
store's events (``python -m ops.report``, ``make report``).

- ``records``: stored events -> one ``TurnRecord`` per user message (channel,
  texts cut to ``MAX_TEXT_CHARS``, safety texts dropped); ``mask``;
- ``stats``: counts per day, channel, topic and department; outcomes, misses,
  response times, ratings, safety answers;
- ``groups``: missed questions (``statement_bot.dialogue.misses``, as the
  hand-off counts them) and answers given with low confidence, grouped by
  similar wording, with the nearest store passage; the draft NLU export;
- ``html``: the self-contained page;
- ``cli``: the command.
"""
