"""`{% two_factor_status user as status %}`: whether two-factor sign-in is on, and who requires it (two_factor.py)."""

from django import template

from zukunftswerkstatt.accounts.two_factor import two_factor_active, two_factor_requirements

register = template.Library()


@register.simple_tag
def two_factor_status(user) -> dict:
    return {"active": two_factor_active(user), "required_by": two_factor_requirements(user)}
