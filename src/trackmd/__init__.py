"""trackmd: Markdown trackers kept in git, with every derived value recomputed in place."""

__version__ = "0.1.0"
