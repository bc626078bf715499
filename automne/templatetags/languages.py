"""The page's language in its markup (issue 24): `lang`, the switch to the other language, hreflang."""

from django import template
from django.utils.safestring import mark_safe

from automne import languages, site

register = template.Library()


@register.simple_tag
def page_lang():
    """ "fr-CA" or "en": the `lang` of the page's <html>."""
    return languages.TAG[languages.current()]


@register.simple_tag
def og_locale():
    """ "fr_CA" or "en_CA": OpenGraph's og:locale."""
    return {languages.FRENCH: "fr_CA", languages.ENGLISH: "en_CA"}[languages.current()]


@register.simple_tag(takes_context=True)
def other_language(context):
    """The other language of this page: its code, tag, name (in itself) and this page's address in it."""
    request = context["request"]
    code = languages.ENGLISH if languages.current() == languages.FRENCH else languages.FRENCH
    return {
        "code": code,
        "tag": languages.TAG[code],
        "name": languages.LANGUAGES[code],
        "address": languages.address_in(request.get_full_path(), code),
        "here": request.get_full_path(),
    }


@register.simple_tag(takes_context=True)
def alternates(context):
    """[(hreflang, absolute address)] of this page in each language, and x-default (French), from its
    permanent address (the one rel=canonical names)."""
    from programme.templatetags.seo import permanent_path

    request = context.get("request")
    if request is None:
        return []
    path = permanent_path(request, context.get("edition"))
    pairs = [(languages.TAG[code], site.absolute(languages.address_in(path, code))) for code in languages.LANGUAGES]
    return [*pairs, ("x-default", site.absolute(languages.address_in(path, languages.FRENCH)))]


@register.filter
def lang_attr(text):
    """` lang="fr-CA"` where a text shown on the page (programme/models/english.Shown) is not in the
    page's language: French content on an English page, an English title on a French one."""
    lang = getattr(text, "lang", None)
    page = "en" if languages.current() == languages.ENGLISH else "fr"
    if lang not in ("fr", "en") or lang == page:
        return ""
    return mark_safe(f' lang="{languages.TAG[languages.ENGLISH if lang == "en" else languages.FRENCH]}"')  # noqa: S308 - a fixed tag
