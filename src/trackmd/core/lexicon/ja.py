"""Japanese."""

from trackmd.core.lexicon._language import Language
from trackmd.core.model import State

LANGUAGE = Language(
    code="ja",
    name="日本語",
    words={
        State.DONE: ("完了", "済"),
        State.IN_PROGRESS: ("作業中",),
        State.OPEN: ("未着手",),
    },
)  # fmt: skip
