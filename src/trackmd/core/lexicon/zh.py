"""Chinese, simplified and traditional."""

from trackmd.core.lexicon._language import Language
from trackmd.core.model import State

LANGUAGE = Language(
    code="zh",
    name="中文",
    words={
        State.DONE: ("完成", "已完成"),
        State.IN_PROGRESS: ("进行中", "進行中"),
        State.OPEN: ("待办", "待處理", "未开始"),
        State.BLOCKED: ("阻塞", "受阻"),
        State.CANCELLED: ("已取消", "取消"),
    },
    status_keys=("状态", "狀態"),
    progress_keys=("进度", "進度"),
    percent_headers=("进度",),
    updated_keys=("最后更新", "最後更新"),
)  # fmt: skip
