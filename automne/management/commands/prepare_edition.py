import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils.text import slugify

from automne.next_edition import prepare_edition
from programme.preparation import PreparationError


def iso_date(value):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Date invalide : « {value} » (attendu AAAA-MM-JJ).") from None


class Command(BaseCommand):
    help = (
        "Prépare l'édition suivante à partir d'une édition existante : description, partenaires, salles et "
        "structure du cahier réflexif. Les journées et le programme commencent vides ; la nouvelle édition "
        "n'est pas courante. L'édition source n'est pas modifiée."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="source", required=True, help="identifiant de l'édition source")
        parser.add_argument("--slug", required=True, help="identifiant de la nouvelle édition")
        parser.add_argument("--starts", required=True, help="premier jour, AAAA-MM-JJ")
        parser.add_argument("--ends", required=True, help="dernier jour, AAAA-MM-JJ")
        parser.add_argument("--name", help="nom de la nouvelle édition (par défaut, celui de la source)")

    def handle(self, *args, source, slug, starts, ends, name=None, **options):
        if slugify(slug) != slug:
            raise CommandError(f"Identifiant invalide : « {slug} » (lettres minuscules, chiffres et traits d'union).")
        try:
            edition = prepare_edition(source, slug, iso_date(starts), iso_date(ends), name=name)
        except PreparationError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Édition « {edition.slug} » préparée à partir de « {source} » "
                f"({edition.starts_on.isoformat()} au {edition.ends_on.isoformat()}), non courante."
            )
        )
