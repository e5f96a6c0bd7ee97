"""Recruit practice: questions from the store, the round, one turn of it."""
