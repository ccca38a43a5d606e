"""`hub push`: delivering the outbox to the national receivers, at least once.

Messages are written by the change that causes them, in its transaction (hub/collection/
outbox.py and the workflows); this package only delivers them. See worker.py for the
delivery guarantees and config.py for where the receivers are configured.
"""
