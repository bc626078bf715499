"""What a staff account may do, for the admin's templates (the rules live in inscriptions/staff.py)."""

from django import template

from inscriptions import staff

register = template.Library()


@register.filter
def may_invite(user):
    return staff.may_invite(user)


@register.filter
def may_check_in(user):
    return staff.may_check_in(user)
