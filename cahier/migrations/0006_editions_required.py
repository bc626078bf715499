"""A cahier's structure and notebooks cannot be without an edition (see 0004)."""

import django.db.models.deletion
from django.db import migrations, models


def edition(related_name, verbose=True):
    options = {"verbose_name": "édition"} if verbose else {}
    return models.ForeignKey(
        on_delete=django.db.models.deletion.CASCADE, related_name=related_name, to="programme.edition", **options
    )


class Migration(migrations.Migration):
    dependencies = [("cahier", "0005_editions_data")]

    operations = [
        migrations.AlterField(model_name="drawing", name="edition", field=edition("cahier_drawings", False)),
        migrations.AlterField(model_name="level", name="edition", field=edition("cahier_levels")),
        migrations.AlterField(model_name="notebook", name="edition", field=edition("notebooks")),
        migrations.AlterField(model_name="page", name="edition", field=edition("cahier_pages")),
        migrations.AddConstraint(
            model_name="notebook",
            constraint=models.UniqueConstraint(fields=("user", "edition"), name="one_notebook_per_edition"),
        ),
        migrations.AddConstraint(
            model_name="page",
            constraint=models.UniqueConstraint(
                fields=("edition", "slug"),
                name="cahier_page_slug_once_per_edition",
                violation_error_message="Une page du cahier a déjà cet identifiant dans cette édition.",
            ),
        ),
    ]
