"""Use cases: load a tracker, plan and write a change, hooks; what the CLI calls."""
