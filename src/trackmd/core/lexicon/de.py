"""German."""

from trackmd.core.lexicon._language import Language
from trackmd.core.model import State

LANGUAGE = Language(
    code="de",
    name="Deutsch",
    words={
        State.DONE: ("erledigt", "fertig", "abgeschlossen"),
        State.IN_PROGRESS: ("in arbeit", "in bearbeitung"),
        State.OPEN: ("offen", "geplant", "ausstehend"),
        State.BLOCKED: ("blockiert",),
        State.CANCELLED: ("abgebrochen", "verworfen"),
    },
    status_keys=("zustand", "stand der dinge"),
    progress_keys=("fortschritt", "gesamtfortschritt"),
    percent_headers=("fortschritt",),
    updated_keys=("stand", "zuletzt aktualisiert"),
    points_keys=("punkte",),
    total_labels=("gesamt",),
    overall_labels=("gesamt",),
    legend=("legende",),
    start_keys=("beginn", "startdatum"),
    end_keys=("ende", "enddatum"),
    range_keys=("dauer",),
    months=("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
            "September", "Oktober", "November", "Dezember"),
    month_abbreviations={"maerz": 3, "okt": 10, "dez": 12},
)  # fmt: skip
