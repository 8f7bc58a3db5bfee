"""The git merge driver for trackers."""
