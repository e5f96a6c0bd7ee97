"""What a message refers to: departments, values, parts, positions, passages."""
