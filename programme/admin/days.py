"""« Journées » and « Plages horaires »: each page shows its sessions; a time slot is found by
weekday and start time (« mardi 13 h 30 »)."""

import re

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from programme.admin.placements import DaySlotsFormSet, SlotSessionsFormSet
from programme.admin.shared import (
    EditionByDefault,
    EditionFilter,
    EditionKept,
    EditionScoped,
    LabelledRows,
    ProgrammeWrites,
    ScopedRelatedFilter,
    ScopedSearch,
    occurrence_lines,
)
from programme.models import Day, Occurrence, TimeSlot

# Django's week_day lookup counts from Sunday (1).
WEEKDAYS = {"dimanche": 1, "lundi": 2, "mardi": 3, "mercredi": 4, "jeudi": 5, "vendredi": 6, "samedi": 7}
MONTHS = {
    name: number
    for number, name in enumerate(
        [
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ],
        start=1,
    )
}
START_TIME = re.compile(r"(?<!\d)(\d{1,2})\s*[h:]\s*(\d{2})?(?!\d)", re.IGNORECASE)
YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
DAY_OF_MONTH = re.compile(r"(?<!\d)(\d{1,2})(?:er)?$")
# In the English admin, the days and months are also found by their English names ("Tuesday 13:30",
# "October 21"): only there, so that a French search for "may" or "march" stays a search of words.
ENGLISH_WEEKDAYS = {
    name: number
    for number, name in enumerate(
        ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"], start=1
    )
}
ENGLISH_MONTHS = {
    name: number
    for number, name in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        start=1,
    )
}
DAY_OF_MONTH_EN = re.compile(r"(?<!\d)(\d{1,2})(?:st|nd|rd|th)?,?$")
TWELVE_HOUR = re.compile(r"(?<!\d)(\d{1,2})(?::(\d{2}))?\s*([ap])\.?\s*m\b\.?", re.IGNORECASE)


def narrow_time_slots(queryset, text):
    """Time slots matching the weekday, date and start time written in `text` ("mardi 13 h 30",
    "21 octobre", "2026"; in English also "Tuesday 1:30 p.m.", "October 21"), and the rest of the text,
    for the usual search."""
    english = (get_language() or "").startswith("en")
    twelve = TWELVE_HOUR.search(text) if english else None
    if twelve and 1 <= int(twelve[1]) <= 12:
        hour = int(twelve[1]) % 12 + (12 if twelve[3].lower() == "p" else 0)
        queryset = queryset.filter(starts_at__hour=hour)
        if twelve[2]:
            queryset = queryset.filter(starts_at__minute=int(twelve[2]))
        text = text[: twelve.start()] + " " + text[twelve.end() :]
    elif time := START_TIME.search(text):
        queryset = queryset.filter(starts_at__hour=int(time[1]))
        if time[2]:
            queryset = queryset.filter(starts_at__minute=int(time[2]))
        text = text[: time.start()] + " " + text[time.end() :]
    year = YEAR.search(text)
    if year:
        queryset = queryset.filter(day__date__year=int(year[1]))
        text = text[: year.start()] + " " + text[year.end() :]
    weekdays, months = WEEKDAYS, MONTHS
    if english:
        weekdays, months = {**WEEKDAYS, **ENGLISH_WEEKDAYS}, {**MONTHS, **ENGLISH_MONTHS}
    rest, words = [], text.split()
    index = 0
    while index < len(words):
        word = words[index]
        key = word.lower().rstrip(",") if english else word.lower()
        weekday, month = weekdays.get(key), months.get(key)
        if weekday:
            queryset = queryset.filter(day__date__week_day=weekday)
        elif month:
            queryset = queryset.filter(day__date__month=month)
            day = DAY_OF_MONTH.fullmatch(rest[-1]) if rest else None
            following = words[index + 1] if english and index + 1 < len(words) else None
            after = DAY_OF_MONTH_EN.fullmatch(following) if following and not day else None
            if day and 1 <= int(day[1]) <= 31:
                queryset = queryset.filter(day__date__day=int(day[1]))
                rest.pop()
            elif after and 1 <= int(after[1]) <= 31:  # "October 21" in English
                queryset = queryset.filter(day__date__day=int(after[1]))
                index += 1
        else:
            rest.append(word)
        index += 1
    return queryset, " ".join(rest)


class TimeSlotInline(LabelledRows, admin.TabularInline):
    model = TimeSlot
    formset = DaySlotsFormSet
    fields = ["starts_at", "ends_at", "label"]
    ordering = ["starts_at", "ends_at"]
    extra = 0


@admin.register(Day)
class DayAdmin(ProgrammeWrites, EditionByDefault, EditionKept, admin.ModelAdmin):
    list_display = ["__str__", "title", "edition", "slot_count"]
    list_filter = [EditionFilter.for_path("edition")]
    list_select_related = ["edition"]
    fields = ["edition", "date", "title", "sessions"]
    readonly_fields = ["sessions"]
    inlines = [TimeSlotInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(slot_count=Count("time_slots")).order_by("date")

    @admin.display(description=_("plages horaires"), ordering="slot_count")
    def slot_count(self, obj):
        return obj.slot_count

    @admin.display(description=_("séances de la journée"))
    def sessions(self, obj):
        if obj.pk is None:
            return gettext("Aucune séance.")
        day_occurrences = Occurrence.objects.filter(time_slot__day=obj).select_related(
            "session", "time_slot__day", "room"
        )
        return occurrence_lines(day_occurrences.in_schedule_order(), with_day=False)


class SlotOccurrenceInline(LabelledRows, EditionScoped, admin.TabularInline):
    model = Occurrence
    formset = SlotSessionsFormSet
    fields = ["session", "room", "order"]
    autocomplete_fields = ["session"]
    extra = 0
    verbose_name = _("séance")
    verbose_name_plural = _("séances de cette plage")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("session", "room")


@admin.register(TimeSlot)
class TimeSlotAdmin(ProgrammeWrites, EditionScoped, ScopedSearch, admin.ModelAdmin):
    list_display = ["day", "time", "label", "session_count"]
    list_display_links = ["time"]
    list_filter = [EditionFilter.for_path("day__edition"), ("day", ScopedRelatedFilter)]
    list_select_related = ["day"]
    search_fields = ["label", "day__title", "occurrences__session__title"]
    search_help_text = _("Jour (« mardi »), heure de début (« 13 h 30 »), intitulé du bloc ou titre d'une séance.")
    fields = ["day", "starts_at", "ends_at", "label"]
    inlines = [SlotOccurrenceInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("day")
            .annotate(session_count=Count("occurrences"))
            .order_by("day__date", "starts_at", "ends_at")
        )

    def get_search_results(self, request, queryset, search_term):
        queryset, rest = narrow_time_slots(queryset, search_term)
        return super().get_search_results(request, queryset, rest)

    @admin.display(description=_("heure"), ordering="starts_at")
    def time(self, obj):
        return obj.time_range

    @admin.display(description=_("séances"), ordering="session_count")
    def session_count(self, obj):
        return obj.session_count
