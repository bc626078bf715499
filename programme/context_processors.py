from django.utils.functional import SimpleLazyObject

from programme.models import Edition


def current_edition(request):
    """The current edition for the header and footer, queried only if a template reads it."""
    return {"edition": SimpleLazyObject(Edition.objects.current)}
