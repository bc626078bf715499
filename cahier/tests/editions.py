"""The two-edition world of the tests: making an edition current, as an organizer would."""

from programme.models import Edition


def make_current(edition):
    Edition.objects.update(is_current=False)
    Edition.objects.filter(pk=edition.pk).update(is_current=True)
    edition.refresh_from_db()
    return edition
