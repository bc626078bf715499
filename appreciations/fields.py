"""A primary key drawn at random, for the rows that must not tell in which order they were written.

An auto-increment key numbers rows in the order they come: the 12th answer would sit beside the 12th
« has answered » row. A random 63-bit key orders nothing. On SQLite the column is declared
`integer`, so that it is the table's rowid itself (SQLite stores a table in rowid order): no hidden
sequential rowid is left beside it either. On PostgreSQL, a `bigint`.
"""

import secrets

from django.db import models

HIGHEST = 2**63 - 1


def random_id():
    return secrets.randbelow(HIGHEST) + 1


class RandomIdField(models.BigIntegerField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("primary_key", True)
        kwargs.setdefault("default", random_id)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def db_type(self, connection):
        return "integer" if connection.vendor == "sqlite" else super().db_type(connection)
