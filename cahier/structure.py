"""The cahier's structure as a whole: copied from one edition to the next.

Levels, pages, writing areas and guiding questions are copied word for word, so that the new
edition can reword them without touching what an older notebook's answers sit under.
« Séances liées » are not copied: they point at sessions of their own edition.
"""

from cahier.models import GuidingQuestion, Level, Page, Prompt


def copy_structure(source, target):
    """Copies `source`'s cahier structure into edition `target` (which has none yet)."""
    levels = {}
    for level in Level.objects.filter(edition=source):
        old_pk = level.pk
        level.pk, level.edition = None, target
        level.save()
        levels[old_pk] = level
    pages = Page.objects.filter(edition=source).prefetch_related("prompts__guiding_questions")
    for page in pages:
        prompts = list(page.prompts.all())
        page.pk, page.edition = None, target
        page.save()
        for prompt in prompts:
            questions = list(prompt.guiding_questions.all())
            prompt.pk, prompt.page = None, page
            prompt.level = levels.get(prompt.level_id)
            prompt.save()
            GuidingQuestion.objects.bulk_create(
                GuidingQuestion(prompt=prompt, text=question.text, order=question.order) for question in questions
            )
    return Prompt.objects.filter(page__edition=target).count()
