"""Each edition has its own cahier: structure (levels, pages and their writing areas) and each
participant's notebook (sharing, drawings; answers follow their writing area's page).

Three steps (fields, data, constraints), each its own transaction: PostgreSQL refuses to alter
a table in the transaction that just updated its rows.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def nullable_edition(related_name, verbose=True):
    options = {"verbose_name": "édition"} if verbose else {}
    return models.ForeignKey(
        null=True,
        on_delete=django.db.models.deletion.CASCADE,
        related_name=related_name,
        to="programme.edition",
        **options,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cahier", "0003_prompt_label_help"),
        ("programme", "0008_editions_required"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(model_name="drawing", name="edition", field=nullable_edition("cahier_drawings", False)),
        migrations.AddField(model_name="level", name="edition", field=nullable_edition("cahier_levels")),
        migrations.AddField(model_name="notebook", name="edition", field=nullable_edition("notebooks")),
        migrations.AddField(model_name="page", name="edition", field=nullable_edition("cahier_pages")),
        migrations.AlterField(
            model_name="notebook",
            name="user",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="notebooks", to=settings.AUTH_USER_MODEL
            ),
        ),
        migrations.AlterField(
            model_name="page", name="slug", field=models.SlugField(max_length=80, verbose_name="identifiant")
        ),
    ]
