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


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("Pourquoi une École d'automne ?", f"Pourquoi une École d'automne{NBSP}?"),
        ("vise les objectifs suivants :", f"vise les objectifs suivants{NBSP}:"),
        ("Bienvenue!", f"Bienvenue{NBSP}!"),
        ("Quoi?! Vraiment ;)", f"Quoi{NBSP}?! Vraiment{NBSP};)"),
        ("(voir p. 3)?", f"(voir p. 3){NBSP}?"),
        ("Note:\nSuite  :  fin", f"Note{NBSP}:\nSuite{NBSP}:  fin"),
        ("« Santé mentale »", f"«{NBSP}Santé mentale{NBSP}»"),
        ("«Santé»,", f"«{NBSP}Santé{NBSP}»,"),
        ('Il a dit "bonjour" hier.', f"Il a dit «{NBSP}bonjour{NBSP}» hier."),
        ("« Il a dit « oui » »", f"«{NBSP}Il a dit “oui”{NBSP}»"),
        ('Elle dit « il a dit "non" ».', f"Elle dit «{NBSP}il a dit “non”{NBSP}»."),
        # Already right, or typed with a thin no-break space: as typed.
        (f"Déjà{NBSP}: «{NBSP}oui{NBSP}»", f"Déjà{NBSP}: «{NBSP}oui{NBSP}»"),
        ("Fine\u202f? Oui\u202f!", "Fine\u202f? Oui\u202f!"),
        # Bad input: addresses, times and code are kept as typed.
        ("À 13:30, puis 9:05 :", f"À 13:30, puis 9:05{NBSP}:"),
        ("https://enap.ca/a?b=1;c=2 et http://x.ca:8000/!", "https://enap.ca/a?b=1;c=2 et http://x.ca:8000/!"),
        ("Écrire à info@enap.ca : merci", f"Écrire à info@enap.ca{NBSP}: merci"),
        ("mailto:info@enap.ca www.enap.ca/?q=1", "mailto:info@enap.ca www.enap.ca/?q=1"),
        ("Le code `a : b ?` ici : oui", f"Le code `a : b ?` ici{NBSP}: oui"),
        ("Un ` seul : ici", f"Un ` seul{NBSP}: ici"),
        ("x!=y, page?id=3, a;b, C:\\dossier", "x!=y, page?id=3, a;b, C:\\dossier"),
        # Straight quotes that do not plainly pair up are left alone.
        ('Un écran de 27" et "un', 'Un écran de 27" et "un'),
        ('a"b" c', 'a"b" c'),
        ("", ""),
        (" : ", " : "),
    ],
)
def test_typography_of_what_organizers_type(typed, shown):
    from automne.french import typography

    assert typography(typed) == shown


def test_quoted_puts_a_title_between_guillemets_and_its_own_quotation_in_english_quotes():
    from automne.french import quoted

    assert quoted("Le « trading zone » : un outil") == f"«{NBSP}Le “trading zone”{NBSP}: un outil{NBSP}»"


def test_typography_is_linear_on_a_long_adversarial_text():
    """Long lines of what the function looks at, with nothing that lets it stop early: marks with and without
    spaces, guillemets opened and never closed, straight quotes that pair up until a last lone one (so the
    whole line is left as typed), a backquote that never closes, addresses and times. A quadratic pass on
    these 2 million characters would not finish; each result is exact."""
    from automne.french import typography

    n = 100_000
    unit = 'Quoi ?Bienvenue! «x» 13:30 a"b https://x.ca/?q=1 '
    assert typography(unit * n + "`x :") == typography(unit) * n + f"`x{NBSP}:"
    # « ?Bienvenue » : a mark that does not end its word is left as typed (it could be « page?id=3 »).
    assert typography(unit) == f'Quoi ?Bienvenue{NBSP}! «{NBSP}x{NBSP}» 13:30 a"b https://x.ca/?q=1 '
    assert typography("«a " * n) == f"«{NBSP}a " + "“a " * (n - 1)
    assert typography('"a" ' * n) == f"«{NBSP}a{NBSP}» " * n
    assert typography('"a" ' * n + '"') == '"a" ' * n + '"'
    assert typography(" :" * n) == " :" + f"{NBSP}:" * (n - 1)
    # An even number of backquotes: every other piece is code, kept as typed.
    assert typography("`a : " * n) == f"`a : `a{NBSP}: " * (n // 2)
    assert typography("x:\n" * n) == f"x{NBSP}:\n" * n


def test_typographie_filter_leaves_english_and_built_html_alone():
    template = Template(
        "{% load french %}{{ fr|typographie }}|{{ en|typographie:'en' }}|{{ safe|typographie }}|"
        "{{ fr|typographie|linebreaks }}|{{ title|entre_guillemets }}|{{ en|entre_guillemets:'en' }}"
    )
    from django.utils.safestring import mark_safe

    rendered = template.render(
        Context({"fr": "Pourquoi ? <b>", "en": "Why: this?", "safe": mark_safe("<i>a :</i>"), "title": "Le « x »"})
    )
    assert rendered == (
        f"Pourquoi{NBSP}? &lt;b&gt;|Why: this?|<i>a :</i>|<p>Pourquoi{NBSP}? &lt;b&gt;</p>|"
        f"«{NBSP}Le “x”{NBSP}»|«{NBSP}Why: this?{NBSP}»"
    )
