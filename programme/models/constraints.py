"""Edition scoping held by the database: a composite foreign key, without triggers.

A time slot, an occurrence and a speaker's place in a session each carry the id of their edition
(`edition`, copied from their parent by save()). `SameEdition("session")` on Occurrence is the
foreign key (edition_id, session_id) → programme_session (edition_id, id): the database itself
refuses an occurrence whose session belongs to another edition, whoever writes it (the ORM, a
queryset's update(), raw SQL, a restored backup). The parent declares the unique pair it points at
(`UniqueConstraint(fields=["edition", "id"])`).

Django has no composite foreign key yet: this constraint writes one. Being declared in
Meta.constraints, it is part of the table's definition, so SQLite, whose tables Django rebuilds on
many migrations, gets it back in every rebuild, and PostgreSQL gets it with ALTER TABLE. A NULL
column (an occurrence whose room is still to come) is not checked (MATCH SIMPLE). Like Django's
own foreign keys it is checked at the end of the transaction (DEFERRABLE INITIALLY DEFERRED), so
that loaddata may write rows in any order.

The French messages an organizer reads are given before, by the models' clean(): this is the last
guard, for the writers that never call it.
"""

from django.db.models import BaseConstraint
from django.db.utils import DEFAULT_DB_ALIAS

# As Django's own foreign keys on both backends (SQLite's schema editor writes it by hand too).
DEFERRED = " DEFERRABLE INITIALLY DEFERRED"


class SameEdition(BaseConstraint):
    """The row's `field` (a foreign key) points at a row of the same edition as the row itself."""

    def __init__(self, *, field, name, violation_error_code=None, violation_error_message=None):
        self.field = field
        super().__init__(
            name=name, violation_error_code=violation_error_code, violation_error_message=violation_error_message
        )

    def _parts(self, model, schema_editor):
        quote = schema_editor.quote_name
        field = model._meta.get_field(self.field)
        target = field.related_model._meta
        return {
            "name": quote(self.name),
            "table": quote(model._meta.db_table),
            "columns": f"{quote(model._meta.get_field('edition').column)}, {quote(field.column)}",
            "to_table": quote(target.db_table),
            "to_columns": f"{quote(target.get_field('edition').column)}, {quote(target.pk.column)}",
            "deferrable": DEFERRED if schema_editor.connection.vendor in ("postgresql", "sqlite") else "",
        }

    def constraint_sql(self, model, schema_editor):
        parts = self._parts(model, schema_editor)
        return (
            f"CONSTRAINT {parts['name']} FOREIGN KEY ({parts['columns']}) "
            f"REFERENCES {parts['to_table']} ({parts['to_columns']}){parts['deferrable']}"
        )

    def create_sql(self, model, schema_editor):
        return (
            f"ALTER TABLE {self._parts(model, schema_editor)['table']} ADD {self.constraint_sql(model, schema_editor)}"
        )

    def remove_sql(self, model, schema_editor):
        parts = self._parts(model, schema_editor)
        return f"ALTER TABLE {parts['table']} DROP CONSTRAINT {parts['name']}"

    def validate(self, model, instance, exclude=None, using=DEFAULT_DB_ALIAS):
        """Nothing more than clean(): the denormalized `edition` is set by save(), after validation,
        and clean() says in French which field points elsewhere."""

    def __eq__(self, other):
        if isinstance(other, SameEdition):
            return (self.name, self.field, self.violation_error_message, self.violation_error_code) == (
                other.name,
                other.field,
                other.violation_error_message,
                other.violation_error_code,
            )
        return super().__eq__(other)

    def __repr__(self):
        return f"<{self.__class__.__name__}: field={self.field!r} name={self.name!r}>"

    def deconstruct(self):
        path, args, kwargs = super().deconstruct()
        kwargs["field"] = self.field
        return path, args, kwargs
