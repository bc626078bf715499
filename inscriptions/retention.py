"""How long personal data is kept (Loi 25), as the privacy notice says (templates/inscriptions/privacy.html):
« jusqu'à deux ans après la fin de l'école, pour pouvoir vérifier les attestations, puis nous les
supprimons ». Applied every night by `manage.py apply_retention` (deploy/systemd/automne-retention.timer).

- An edition's registrations (with their presences and attestation) are deleted on the day two years
  after its last day (RETENTION_YEARS): from then on its attestations no longer verify. Nothing is
  kept in another form: an attestation's verification page was the one reason to keep them. The
  same day, every participant's cahier of that edition (with its hand-ins and grades: remises/user_data.py)
  and the sessions they chose in it go too, also for an account kept for a later edition, and so do its
  evaluations (ratings, answers) and the links of its speakers to their accounts (intervenants/, appreciations/).
- A participant's account (with its cahier, drawings and sessions) is deleted once no registration is
  left and it was created more than two years ago. Accounts of organizers and of the teaching team
  (staff, superuser or any group) are kept: they are not participants' data. A speaker's account goes
  the same way once no link to a person of the programme is left (intervenants/user_data.py).
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

RETENTION_YEARS = 2


def years_before(day, years):
    """The same date `years` earlier (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


@dataclass
class Applied:
    registrations: int = 0
    notebooks: int = 0
    accounts: int = 0


def expired_editions(today):
    """Editions that ended two years ago or more (their last day ≤ today − 2 years)."""
    from programme.models import Edition

    return Edition.objects.filter(ends_on__lte=years_before(today, RETENTION_YEARS))


def expired_registrations(today):
    """Registrations of the expired editions."""
    from inscriptions.models import Registration

    return Registration.objects.filter(edition__in=expired_editions(today))


def expired_accounts(today):
    """Participants' accounts with no registration left, created two years ago or more."""
    from inscriptions.models import User

    return User.objects.filter(
        is_staff=False,
        is_superuser=False,
        groups=None,
        registrations=None,
        date_joined__date__lte=years_before(today, RETENTION_YEARS),
    )


def apply(today=None):
    """Deletes what the notice says is no longer kept, as of `today` (Montréal's date); returns the counts."""
    today = today or timezone.localdate()
    applied = Applied()
    from appreciations import user_data as appreciations_data
    from cahier import user_data as cahier_data
    from intervenants import user_data as intervenants_data
    from programme import user_data as programme_data
    from remises import user_data as remises_data

    with transaction.atomic():
        applied.registrations = expired_registrations(today).count()
        expired_registrations(today).delete()
        applied.notebooks = cahier_data.delete_of_editions(expired_editions(today))
        programme_data.delete_of_editions(expired_editions(today))
        remises_data.delete_of_editions(expired_editions(today))  # hand-ins and grades go with the cahier
        appreciations_data.delete_of_editions(expired_editions(today))
        intervenants_data.delete_of_editions(expired_editions(today))
    speakers = intervenants_data.expired_speaker_accounts(years_before(today, RETENTION_YEARS))
    for user in [*expired_accounts(today).iterator(), *speakers.iterator()]:
        user.delete()  # one at a time: the cahier's files and the sessions go with each (receivers)
        applied.accounts += 1
    return applied
