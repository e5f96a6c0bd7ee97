"""Rasa input channels of Statement Bot (Slack)."""
