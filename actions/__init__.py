"""Statement Bot custom actions: thin Rasa actions over pure helper modules."""
