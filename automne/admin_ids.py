"""The admin's autocomplete fields read ids through the one parser (automne/clean_input.py).

Django's AutocompleteSelect, re-rendering a refused form, looks up every value posted in the database:
a posted « ² » or a 30-digit number reached the query and made the page a 500 (audit F6,
`session_speakers-0-speaker=²`). Here only the values that are ids are looked up; the form still
says that the choice is not valid. The programme's scoped autocompletes (programme/admin/shared.py,
EditionAutocomplete) are built on it; the plain selects of rows (ModelChoiceOfIds) read ids the same way.
"""

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError

from automne import clean_input


class AutocompleteSelectOfIds(AutocompleteSelect):
    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [v for v in value if clean_input.parse_id(v) is not None], attr)


class ModelChoiceOfIds(forms.ModelChoiceField):
    """A plain select of rows whose posted value is read by the one id parser before any lookup: « ² »,
    « 1e3 » or a 30-digit number is « not one of the choices », never a query."""

    def to_python(self, value):
        if value not in self.empty_values and clean_input.parse_id(value) is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)
