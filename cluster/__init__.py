"""The scale-out profile: PostgreSQL, Redis, several Rasa servers, nginx."""
