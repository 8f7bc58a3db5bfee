"""Disk: discovery, read and decode, lock, the atomic write, the cache, the clock,
the project configuration files. Imports only the core's model, errors and config."""
