"""The development harness shared by the tests and the benchmark.

Starts the real servers on free ports and talks to them. Product code (the
action server, the Rasa plugins, the web page, the operator tools) never
imports this package.
"""
