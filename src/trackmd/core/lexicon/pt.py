"""Portuguese."""

from trackmd.core.lexicon._language import Language
from trackmd.core.model import State

LANGUAGE = Language(
    code="pt",
    name="Português",
    words={
        State.DONE: ("concluído", "concluido", "feito", "completo", "finalizado"),
        State.IN_PROGRESS: ("em andamento", "em progresso"),
        State.OPEN: ("pendente", "a fazer", "não iniciado"),
        State.BLOCKED: ("bloqueio",),
    },
    status_keys=("situação",),
    progress_keys=("progresso",),
    percent_headers=("progresso",),
    updated_keys=("última atualização",),
    points_keys=("pontos",),
    months=("Janeiro", "Fevereiro", "Março", "Abril", "Maio", "Junho", "Julho", "Agosto",
            "Setembro", "Outubro", "Novembro", "Dezembro"),
    month_abbreviations={"set": 9},
)  # fmt: skip
