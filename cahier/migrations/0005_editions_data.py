"""Today's cahier, structure and notebooks, belongs to the edition its « Séances liées » belong to
(the 2025 edition), or else to the current edition (or the newest). Nothing is deleted."""

from collections import Counter

from django.db import migrations


def structure_edition(apps):
    Edition = apps.get_model("programme", "Edition")
    Page = apps.get_model("cahier", "Page")
    linked = Counter(Page.sessions.through.objects.values_list("session__edition_id", flat=True))
    if linked:
        return Edition.objects.get(pk=linked.most_common(1)[0][0])
    return Edition.objects.filter(is_current=True).first() or Edition.objects.order_by("-starts_on").first()


def give_the_cahier_its_edition(apps, schema_editor):
    models = [apps.get_model("cahier", name) for name in ("Level", "Page", "Notebook", "Drawing")]
    if not any(model.objects.exists() for model in models):
        return
    edition = structure_edition(apps)
    if edition is None:
        raise RuntimeError("Le cahier existe sans aucune édition : créez l'édition d'abord.")
    for model in models:
        model.objects.filter(edition__isnull=True).update(edition=edition)


class Migration(migrations.Migration):
    dependencies = [("cahier", "0004_editions")]

    operations = [migrations.RunPython(give_the_cahier_its_edition, migrations.RunPython.noop)]
