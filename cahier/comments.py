"""The teaching team's comments on a shared notebook: writing, editing and removing one (by its author
only), telling the participant (one e-mail at most per hour and notebook, through the mail queue), and
what the participant has not seen yet."""

import datetime

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from automne import clean_input, emails, languages
from automne.site import absolute
from cahier.models import Comment, Notebook
from cahier.sharing import shared_notebook_owner_or_none

NOTIFY_AT_MOST_EVERY = datetime.timedelta(hours=1)


def add(owner, page, prompt, author, text):
    """A new comment on `page` (or on its writing area `prompt`), and the e-mail that tells the participant."""
    comment = Comment.objects.create(owner=owner, page=page, prompt=prompt, author=author, text=text)
    notify(owner, page.edition)
    return comment


def prompt_of(page, prompt_id):
    """The writing area of `page` a posted « zone » names; None for the theme as a whole; 404 for anything else."""
    if prompt_id in (None, ""):
        return None
    prompt_id = clean_input.parse_id(prompt_id)
    if prompt_id is None:
        raise Http404
    return get_object_or_404(page.prompts.all(), pk=prompt_id)


def own_or_404(author, pk):
    """A comment `author` wrote and has not removed, in a notebook still shared with the team (else 404)."""
    comment = get_object_or_404(
        Comment.objects.select_related("page__edition", "owner", "prompt"), pk=pk, author=author, removed_at=None
    )
    if shared_notebook_owner_or_none(author, comment.owner_id, comment.page.edition) is None:
        raise Http404
    return comment


def edit(comment, text):
    comment.text = text
    comment.edited_at = timezone.now()
    comment.save(update_fields=["text", "edited_at"])


def remove(comment):
    """The comment's words are forgotten; its place reads « commentaire retiré »."""
    comment.text = ""
    comment.removed_at = timezone.now()
    comment.save(update_fields=["text", "removed_at"])


@languages.writes_to(lambda owner, edition: owner)
def notify(owner, edition):
    """E-mails the participant that the team commented, unless an e-mail about this notebook left within the hour.

    The check and the mark are one UPDATE, so two comments at the same moment send one e-mail."""
    now = timezone.now()
    claimed = (
        Notebook.objects.filter(user=owner, edition=edition)
        .filter(Q(comments_notified_at__isnull=True) | Q(comments_notified_at__lte=now - NOTIFY_AT_MOST_EVERY))
        .update(comments_notified_at=now)
    )
    if not claimed or not owner.email:
        return False
    url = absolute(reverse("cahier:overview", kwargs={"edition": edition.slug}))
    body = render_to_string("cahier/emails/new_comment.txt", {"owner": owner, "edition": edition, "url": url})
    emails.send([owner.email], _("Nouveau commentaire sur votre cahier"), body, edition=edition)
    return True


def unseen(owner, edition):
    """The comments on `owner`'s notebook of `edition` they have not seen yet, oldest first."""
    return list(
        Comment.objects.unseen_by_owner()
        .filter(owner=owner, page__edition=edition)
        .select_related("page__edition", "author")
        .order_by("created_at", "pk")
    )


def mark_seen(comments):
    """The participant saw these comments (the page that shows them was opened)."""
    pks = [comment.pk for comment in comments if comment.seen_at is None and not comment.is_removed]
    if pks:
        Comment.objects.filter(pk__in=pks, seen_at=None).update(seen_at=timezone.now())
