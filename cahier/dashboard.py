"""The teaching team's dashboard of an edition: every shared notebook with its progress, its last change and
what is new since the reader last read it, sorted and filtered, in a constant number of queries."""

from dataclasses import dataclass, field

from django.db.models import Count, Max, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy, pgettext_lazy

from cahier.models import Answer, Notebook, Page, Prompt, TeamReading
from inscriptions.models import Registration

SORTS = {"nom": pgettext_lazy("sort by", "Nom"), "modification": gettext_lazy("Dernière modification")}
KINDS = {"": gettext_lazy("Toutes les inscriptions"), **{kind.value: kind.label for kind in Registration.Kind}}
BLANK = r"^\s*$"


def last_read(reader, owner, edition):
    reading = TeamReading.objects.filter(reader=reader, notebook__user=owner, notebook__edition=edition).first()
    return reading.read_at if reading else None


def is_new(changed_at, read_at):
    """Something changed since the reader last read (everything is new to whoever never read)."""
    return changed_at is not None and (read_at is None or changed_at > read_at)


def mark_read(reader, owner, edition):
    notebook = Notebook.objects.filter(user=owner, edition=edition).first()
    if notebook is not None:
        TeamReading.objects.update_or_create(reader=reader, notebook=notebook, defaults={"read_at": timezone.now()})


@dataclass
class Row:
    """A shared notebook on the dashboard."""

    notebook: object
    total: int
    answered: int = 0
    words: int = 0
    last_change: object = None
    read_at: object = None
    new_pages: list = field(default_factory=list)
    kind: str = ""

    @property
    def owner(self):
        return self.notebook.user

    @property
    def name(self):
        user = self.notebook.user
        return user.get_full_name() or user.email

    @property
    def is_new(self):
        return is_new(self.last_change, self.read_at)


def rows(reader, edition, sort="nom", kind=""):
    """The notebooks of `edition` shared with the team, as `reader` sees them on the dashboard."""
    notebooks = list(Notebook.objects.shared().filter(edition=edition).exclude(user=reader).select_related("user"))
    owners = [notebook.user_id for notebook in notebooks]
    total = Prompt.objects.filter(page__edition=edition).count()
    read = dict(TeamReading.objects.filter(reader=reader, notebook__in=notebooks).values_list("notebook", "read_at"))
    kinds = dict(
        Registration.objects.filter(edition=edition, user__in=owners)
        .exclude(state=Registration.State.CANCELLED)
        .values_list("user", "kind")
    )
    per_page = (
        Answer.objects.filter(user__in=owners, prompt__page__edition=edition)
        .values("user", "prompt__page")
        .annotate(answered=Count("pk", filter=~Q(text__regex=BLANK)), words=Sum("word_count"), last=Max("updated_at"))
    )
    pages = {page.pk: page for page in Page.objects.of(edition)}
    by_owner = {
        notebook.user_id: Row(notebook, total, read_at=read.get(notebook.pk), kind=kinds.get(notebook.user_id, ""))
        for notebook in notebooks
    }
    for line in per_page:
        row = by_owner[line["user"]]
        row.answered += line["answered"]
        row.words += line["words"] or 0
        if row.last_change is None or line["last"] > row.last_change:
            row.last_change = line["last"]
        if is_new(line["last"], row.read_at):
            row.new_pages.append(pages[line["prompt__page"]])
    result = [row for row in by_owner.values() if not kind or row.kind == kind]
    for row in result:
        row.new_pages.sort(key=lambda page: (page.order, page.pk))
    if sort == "modification":
        never = timezone.make_aware(timezone.datetime.min.replace(year=1900))
        return sorted(result, key=lambda row: row.last_change or never, reverse=True)
    return sorted(result, key=lambda row: (row.name.casefold(), row.notebook.pk))
