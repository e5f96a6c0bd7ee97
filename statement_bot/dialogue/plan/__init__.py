"""Planners by concern: each takes a Request and returns an Outcome."""
