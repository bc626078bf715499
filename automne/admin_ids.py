"""The admin's autocomplete fields read ids through the one parser (automne/clean_input.py).

Django's AutocompleteSelect, re-rendering a refused form, looks up every value posted in the database:
a posted « ² » or a 30-digit number reached the query and made the page a 500 (audit F6,
`session_speakers-0-speaker=²`). Here only the values that are ids are looked up; the form still
says that the choice is not valid. The programme's scoped autocompletes (programme/admin/shared.py,
EditionAutocomplete) are built on it.
"""

from django.contrib.admin.widgets import AutocompleteSelect

from automne import clean_input


class AutocompleteSelectOfIds(AutocompleteSelect):
    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [v for v in value if clean_input.parse_id(v) is not None], attr)
