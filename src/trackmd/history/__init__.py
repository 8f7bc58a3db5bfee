"""Git history: versions of a tracker, item logs, burndown series and charts."""
