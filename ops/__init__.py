"""Operations tools that work beside the servers (conversation retention, deletion)."""
