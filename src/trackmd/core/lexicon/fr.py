"""French."""

from trackmd.core.lexicon._language import Language
from trackmd.core.model import State

LANGUAGE = Language(
    code="fr",
    name="Français",
    words={
        State.DONE: ("terminé", "terminée", "termine", "fait", "fini", "finie", "achevé",
                     "livré"),
        State.IN_PROGRESS: ("en cours",),
        State.OPEN: ("à faire", "a faire", "non commencé", "non commence", "pas commencé",
                     "prévu", "en attente"),
        State.BLOCKED: ("bloqué", "bloquée", "bloquant"),
        State.CANCELLED: ("abandonné", "abandonnée", "annulé", "annulée"),
    },
    written={State.DONE: "Terminé", State.IN_PROGRESS: "En cours", State.OPEN: "À faire",
             State.BLOCKED: "Bloqué", State.CANCELLED: "Annulé"},
    signature=("terminé", "fait", "fini", "en cours", "à faire", "non commencé", "bloqué",
               "annulé"),
    status_keys=("statut", "état", "etat"),
    status_headers=("etat", "statuts"),
    progress_keys=("progression", "avancement", "progression globale", "avancement global"),
    percent_headers=("progression", "avancement", "pourcentage"),
    count_headers=("tâches",),
    updated_keys=("dernière mise à jour", "derniere mise a jour", "mise à jour",
                  "date de mise à jour"),
    owner_keys=("assigné", "assigné à", "responsable"),
    total_labels=("totaux",),
    overall_labels=("progression globale", "avancement global"),
    legend=("légende",),
    start_keys=("début", "debut", "date de début", "date de debut", "début du sprint"),
    end_keys=("fin", "date de fin", "fin du sprint", "échéance", "echeance"),
    range_keys=("durée", "duree", "période", "periode"),
    months=("Janvier", "Février", "Mars", "Avril", "Mai", "Juin", "Juillet", "Août",
            "Septembre", "Octobre", "Novembre", "Décembre"),
    month_abbreviations={"janv": 1, "fev": 2, "fevr": 2, "avr": 4, "juil": 7},
)  # fmt: skip
