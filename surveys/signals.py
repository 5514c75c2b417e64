"""Extension points of the surveys, for the apps above it (which surveys must not import)."""

from django.dispatch import Signal

# Sent by services.editions.survey_copy_to_new_edition inside its transaction, once the copy's
# questions exist, with `source` (the survey copied) and `copy` (the new edition). Apps that attach
# their own data to a survey's questions copy it here (the evaluation copies the self-evaluation
# points); a receiver that raises rolls the whole copy back.
survey_edition_created = Signal()
