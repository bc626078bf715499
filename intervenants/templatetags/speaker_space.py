from django import template

from intervenants import accounts
from intervenants.models import SpeakerPhoto

register = template.Library()


@register.filter
def is_speaker(user):
    """{% if user|is_speaker %}: the account is a speaker's (1 query, none for a visitor)."""
    return accounts.is_speaker(user)


@register.inclusion_tag("intervenants/includes/speaker_photo.html")
def speaker_photo(speaker):
    """{% speaker_photo speaker %}: their photo on their page, if they have one (1 query)."""
    photo = SpeakerPhoto.objects.filter(speaker=speaker).first()
    if photo:
        photo.speaker = speaker
    return {"photo": photo}
