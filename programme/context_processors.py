from django.utils.functional import SimpleLazyObject

from programme.models import Edition


def current_edition(request):
    """The current edition for the header and footer (`edition`, which a page showing another
    edition replaces) and for the archive banner (`current_edition`), queried only if read."""
    current = SimpleLazyObject(Edition.objects.current)
    return {"edition": current, "current_edition": current}
