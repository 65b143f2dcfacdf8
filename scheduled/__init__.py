"""Scheduled jobs: thin, idempotent wrappers around services, each under a database lease."""
