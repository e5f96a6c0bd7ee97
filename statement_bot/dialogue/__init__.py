"""The conversation: typed state, what a message refers to, planners, replies."""
