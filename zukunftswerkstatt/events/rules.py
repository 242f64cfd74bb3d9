"""Who may do what with events: everyone may read a published event and register while
registration is open; the organisation's team manages registrations and documentation;
organisation admins create and change events in the back office."""

from __future__ import annotations

import rules

from zukunftswerkstatt.accounts.rules import is_org_admin, is_organisation_team, is_platform_admin

from .models import RegistrationWindow


@rules.predicate
def is_published_event(user, event) -> bool:
    return event is not None and event.is_published and event.process.is_published


@rules.predicate
def registration_open(user, event) -> bool:
    return event is not None and event.registration_window() == RegistrationWindow.OPEN


@rules.predicate
def is_own_registration(user, registration) -> bool:
    return registration is not None and user.is_authenticated and registration.user_id == user.pk


is_team = is_platform_admin | is_organisation_team

rules.add_perm("events.view_event", is_published_event | is_team)
rules.add_perm("events.register", is_published_event & registration_open)
rules.add_perm("events.manage_registrations", is_team)
# "Cancel my seat" and taking offered seats on the event page: the person who registered, logged in.
rules.add_perm("events.change_own_registration", is_own_registration)
rules.add_perm("events.document_event", is_team)
# Posters of an event or of an idea collection (a Module): the organisation's team prints them.
rules.add_perm("events.print_material", is_team)
rules.add_perm("events.change_event", is_platform_admin | is_org_admin)
