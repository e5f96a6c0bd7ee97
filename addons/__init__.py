"""Rasa-side add-ons: safety detection, the NLU text cap, resilience, the REST channel."""
