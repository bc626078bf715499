"""The programme's administration, in French (in English for an English-speaking organizer), for
organizers who are not developers.

The main list is "Séances au programme" (occurrences), in the order of the week,
where a room is changed directly. Each changelist runs a constant number of SQL
queries, whatever the size of the programme (see get_queryset and the cached
room choices in shared.py).

The pages are registered by the modules of this package, one per part of the menu:
- sessions: « Séances au programme » and « Séances » (where the scheduling rules are checked);
- people: « Personnes »;
- days: « Journées » and « Plages horaires »;
- edition: « Éditions » and « Salles ».
"""

from programme.admin import days, edition, people, sessions  # noqa: F401 — each registers its pages
