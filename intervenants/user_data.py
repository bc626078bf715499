"""The speakers' space's part of a person's data (automne/user_data.py), and its end.

Export: the persons of the programme the account speaks for, with what the programme shows of them.
Retention (inscriptions/retention.py): two years after an edition's last day, as for its
registrations, the links of that edition's persons end; a speaker's account left without any link
nor registration, created two years ago or more, is deleted (the persons, their biographies and
photos stay in the edition's programme: they are what was published)."""

from django.db.models import Exists, OuterRef

from automne.roles import SPEAKERS
from intervenants.models import SpeakerAccount, SpeakerPhoto


def export_user_data(user):
    links = SpeakerAccount.objects.filter(user=user).select_related("speaker__edition")
    with_photo = set(SpeakerPhoto.objects.filter(speaker__account_link__user=user).values_list("speaker_id", flat=True))
    return {
        "intervenant_e": [
            {
                "edition": link.speaker.edition.name,
                "personne": link.speaker.full_name,
                "organisation": link.speaker.organisation,
                "biographie": link.speaker.bio,
                "photo": link.speaker_id in with_photo,
                "lie_le": link.linked_at.isoformat(),
            }
            for link in links
        ]
    }


def delete_of_editions(editions):
    """The links of the persons of `editions` (a queryset) to their accounts."""
    return SpeakerAccount.objects.filter(speaker__edition__in=editions).delete()[0]


def expired_speaker_accounts(joined_before):
    """Speakers' accounts with no link and no registration left, created on or before `joined_before`,
    and in no other group (a speaker who is also an organizer keeps their account)."""
    from django.contrib.auth.models import Group

    from inscriptions.models import Registration, User

    other_groups = Group.objects.filter(user=OuterRef("pk")).exclude(name=SPEAKERS)
    return (
        User.objects.filter(groups__name=SPEAKERS, is_staff=False, is_superuser=False)
        .filter(date_joined__date__lte=joined_before)
        .exclude(Exists(other_groups))
        .exclude(Exists(SpeakerAccount.objects.filter(user=OuterRef("pk"))))
        .exclude(Exists(Registration.objects.filter(user=OuterRef("pk"))))
    )
