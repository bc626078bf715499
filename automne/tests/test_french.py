import datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from automne.french import NBSP, fold, format_date, format_hours, format_time, sort_key


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime.time(9, 0), "9\xa0h"),
        (datetime.time(13, 30), "13\xa0h\xa030"),
        (datetime.time(8, 5), "8\xa0h\xa005"),
        (datetime.time(0, 0), "0\xa0h"),
    ],
)
def test_format_time_per_oqlf(value, expected):
    assert format_time(value) == expected


def test_format_hours_per_oqlf():
    assert format_hours(195) == "3\xa0h\xa015"
    assert format_hours(360) == "6\xa0h"
    assert format_hours(5) == "0\xa0h\xa005"


def test_format_date_is_long_french_date():
    with translation.override("fr-ca"):
        assert format_date(datetime.date(2025, 10, 20)) == "lundi 20 octobre 2025"
        assert format_date(datetime.date(2025, 11, 1)) == "samedi 1er novembre 2025"


def test_template_filters():
    template = Template("{% load french %}{{ t|heure }} · {{ d|date_longue }}")
    with translation.override("fr-ca"):
        html = template.render(Context({"t": datetime.time(13, 30), "d": datetime.date(2025, 10, 24)}))
    assert html == "13\xa0h\xa030 · vendredi 24 octobre 2025"


def test_django_time_format_from_formats_module():
    template = Template("{{ t|time }} {{ d|date }}")
    with translation.override("fr-ca"):
        html = template.render(Context({"t": datetime.time(13, 30), "d": datetime.date(2025, 10, 21)}))
    assert html == "13 h 30 mardi 21 octobre 2025"


def test_sort_key_ignores_accents_case_and_apostrophes():
    names = ["Libersan", "L'Espérance", "Lapointe", "Labrosse", "Ladouceur-Girard", "Élodie", "Ebert"]
    assert sorted(names, key=sort_key) == [
        "Ebert",
        "Élodie",
        "Labrosse",
        "Ladouceur-Girard",
        "Lapointe",
        "L'Espérance",
        "Libersan",
    ]


def test_fold_drops_accents_and_case_but_keeps_spaces_and_apostrophes():
    assert fold("L'Espérance À Œuvre Ça") == "l'esperance a œuvre ca"


def test_fold_of_empty_text_is_empty():
    assert fold("") == ""


def test_typeset_puts_no_break_spaces_before_double_marks_and_inside_guillemets():
    from automne.french import typeset

    assert typeset("Motif : « Erreur » ; vraiment ? Oui !") == (
        f"Motif{NBSP}: «{NBSP}Erreur{NBSP}»{NBSP}; vraiment{NBSP}? Oui{NBSP}!"
    )
    assert typeset(f"Déjà{NBSP}: rien à changer") == f"Déjà{NBSP}: rien à changer"
    assert typeset("https://exemple.ca:443 et 13:30") == "https://exemple.ca:443 et 13:30"  # no space, no change
