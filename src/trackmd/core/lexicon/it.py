"""Italian."""

from trackmd.core.lexicon._language import Language

LANGUAGE = Language(code="it", name="Italiano", status_keys=("stato",))
