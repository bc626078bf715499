"""Who runs the programme: the organizers' group and the models it manages.

Other apps give this group their own permissions in their own data migrations,
looking it up by ORGANIZERS_GROUP.
"""

ORGANIZERS_GROUP = "Organisateurs"

# The programme models organizers edit (view, add, change, delete each).
PROGRAMME_MODELS = (
    "edition",
    "partner",
    "day",
    "timeslot",
    "room",
    "speaker",
    "session",
    "sessionspeaker",
    "occurrence",
)
