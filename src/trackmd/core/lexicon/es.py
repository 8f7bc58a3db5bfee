"""Spanish."""

from trackmd.core.lexicon._language import Language
from trackmd.core.model import State

LANGUAGE = Language(
    code="es",
    name="Español",
    words={
        State.DONE: ("hecho", "completado", "completada", "terminado", "finalizado"),
        State.IN_PROGRESS: ("en progreso", "en curso"),
        State.OPEN: ("pendiente", "por hacer", "no iniciado"),
        State.BLOCKED: ("bloqueado", "bloqueada"),
        State.CANCELLED: ("cancelado", "cancelada"),
    },
    written={State.DONE: "Hecho", State.IN_PROGRESS: "En progreso", State.OPEN: "Pendiente",
             State.BLOCKED: "Bloqueado", State.CANCELLED: "Cancelado"},
    signature=("hecho", "completado", "en progreso", "pendiente", "bloqueado", "cancelado"),
    status_keys=("estado",),
    status_headers=("estatus",),
    progress_keys=("progreso", "progreso general"),
    percent_headers=("progreso", "porcentaje"),
    count_headers=("tareas",),
    updated_keys=("última actualización", "ultima actualizacion"),
    points_keys=("puntos",),
    owner_keys=("asignado",),
    overall_labels=("progreso general",),
    legend=("leyenda",),
    start_keys=("inicio", "fecha de inicio"),
    end_keys=("fecha de fin",),
    range_keys=("duración", "duracion"),
    months=("Enero", "Febrero", "Marzo", "Abril", "Mayo", "Junio", "Julio", "Agosto",
            "Septiembre", "Octubre", "Noviembre", "Diciembre"),
    month_abbreviations={"ene": 1, "abr": 4, "ago": 8, "dic": 12},
)  # fmt: skip
