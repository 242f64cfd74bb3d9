"""Every URL pattern of the platform, checked against who may open it.

ACCESS classifies each URL pattern (Django's admin as a whole: the back office) in one of the
classes below, the same words as the table "Who may open which address" in docs/permissions.md.
A pattern without a row fails `test_every_url_pattern_is_classified`, with the line to add.

`test_every_url_pattern_answers_as_classified` then loads the demo (which has an object of nearly
every kind), gives the shared cast of conftest.py roles in the demo's organisation (the fixtures
`organisation` and `town_a` below are the demo's), builds the URL of a real object for each
pattern, and asks it as each person, each pattern in a savepoint that is rolled back:

- the people the class keeps out get 403 or 404 (a visitor without an account: or the login page);
- the person the class lets in gets neither (so the check cannot pass because the object is missing);
- "public while published": once the page's module, its process or its event is unpublished, the
  visitor, a participant and the admin of another organisation get 404, the organisation's admin
  still gets in (for actions such as commenting the team may be refused too); once the item it
  shows is hidden (a contribution or comment hidden by moderation, a projection taken off the
  dashboard), the public gets 404 or 403. Every download is classified as its page is, so it is
  hidden together with it;
- "token": a made-up secret gets 403/404, a redirect elsewhere, or a page without a form to act on.

A view that only takes POST is asked with an empty POST. All failures are listed together.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

DOCS = Path(__file__).resolve().parent.parent / "docs" / "permissions.md"

# --- the classes --------------------------------------------------------------------------------

PUBLIC = "public"
PUBLISHED = "public while published"
PARTICIPANT = "participant"
PARTICIPANT_PUBLISHED = "participant while published"
OWNER = "owner"
STAFF = "staff of the organisation"
ORG_ADMIN = "org admin"
PLATFORM_ADMIN = "platform admin"
TOKEN = "token"
BACKOFFICE = "back office"
ROLE_HOLDER = "anyone with a role"
PUBLIC_DATA = "public data"

CLASSES = {
    PUBLIC: "anyone, no account needed (start page, login, legal pages)",
    PUBLISHED: "anyone while the page's module, process or event is published; then only the organisation's team",
    PARTICIPANT: "anyone logged in (one's own account, settings and contributions)",
    PARTICIPANT_PUBLISHED: "anyone logged in, while the page is published (comment, support, vote)",
    OWNER: "only the person the object belongs to (their contribution, comment, registration)",
    STAFF: "the organisation's team (town staff, moderators, admins) as its app's rules say",
    ORG_ADMIN: "the organisation's administrators (settings of a module, projections)",
    PLATFORM_ADMIN: "platform administrators only",
    TOKEN: "whoever has the secret from an e-mail, a QR code or a joined phone; a wrong one gets nothing",
    BACKOFFICE: "Django's admin: people with a role, each seeing only their organisations' rows",
    ROLE_HOLDER: "anyone with a role in any organisation, for what concerns no organisation (readability hints)",
    PUBLIC_DATA: "anyone, the same answer for everyone: the API, open data, feeds, embeds; unpublished: 404 for all",
}

ROLES = ["anonymous", "participant", "staff_a", "moderator", "org_admin", "other_org_admin", "platform_admin"]


@dataclass(frozen=True)
class Access:
    who: str
    target: str = ""
    """The name of a builder in TARGETS that gives the URL's arguments (patterns with arguments)."""
    allowed: str = ""
    """The role that must get in, if not the class's usual one (e.g. town staff where moderators may not)."""
    action: bool = False
    """An action that closes with the page (suggest, comment, vote): once unpublished, the team may be
    refused too (403); everyone else still gets 404."""


# Where the class lets someone in, this role is asked; these are kept out.
LET_IN = {
    PUBLIC: "anonymous",
    PUBLISHED: "anonymous",
    PARTICIPANT: "participant",
    PARTICIPANT_PUBLISHED: "participant",
    OWNER: "owner",
    STAFF: "moderator",
    ORG_ADMIN: "org_admin",
    PLATFORM_ADMIN: "platform_admin",
    TOKEN: "anonymous",
    BACKOFFICE: "staff_a",
    ROLE_HOLDER: "staff_a",
    PUBLIC_DATA: "anonymous",
}
KEPT_OUT = {
    PUBLIC: [],
    PUBLISHED: [],
    PARTICIPANT: ["anonymous"],
    PARTICIPANT_PUBLISHED: ["anonymous"],
    OWNER: ["anonymous", "participant", "other_org_admin"],
    STAFF: ["anonymous", "participant", "other_org_admin"],
    ORG_ADMIN: ["anonymous", "participant", "staff_a", "moderator", "other_org_admin"],
    PLATFORM_ADMIN: ["anonymous", "participant", "staff_a", "moderator", "org_admin", "other_org_admin"],
    TOKEN: [],
    BACKOFFICE: ["anonymous", "participant"],
    ROLE_HOLDER: ["anonymous", "participant"],
    PUBLIC_DATA: [],
}
# Classes whose pages disappear with their module, process or event.
FOLLOW_PUBLICATION = {PUBLISHED, PARTICIPANT_PUBLISHED, PUBLIC_DATA}

# --- the table ----------------------------------------------------------------------------------

ACCESS: dict[str, Access] = {
    "healthz": Access(PUBLIC),
    # Browsers' reports of what the Content-Security-Policy blocked (POST only, rate-limited, stores nothing).
    "csp_report": Access(PUBLIC),
    "admin:login": Access(PUBLIC),
    "admin:logout": Access(PUBLIC),
    "set_language": Access(PUBLIC),
    "core:home": Access(PUBLIC),
    "core:organisation": Access(PUBLIC, "organisation"),
    "core:organisation_colours": Access(PUBLIC, "organisation"),
    "core:audit_log": Access(ORG_ADMIN, "organisation"),
    "core:audit_log_csv": Access(ORG_ADMIN, "organisation"),
    "core:legal": Access(PUBLIC, "legal_page"),
    # accounts (django-allauth and ours)
    "account_login": Access(PUBLIC),
    "account_logout": Access(PUBLIC),
    "account_signup": Access(PUBLIC),
    "account_inactive": Access(PUBLIC),
    "account_email_verification_sent": Access(PUBLIC),
    "account_reset_password": Access(PUBLIC),
    "account_reset_password_done": Access(PUBLIC),
    "account_reset_password_from_key_done": Access(PUBLIC),
    "account_confirm_login_code": Access(TOKEN),  # the code from a mail (login by code is off)
    "account_confirm_email": Access(TOKEN, "allauth_key"),
    "account_reset_password_from_key": Access(TOKEN, "allauth_reset_key"),
    "account_reauthenticate": Access(PARTICIPANT),
    "account_email": Access(PARTICIPANT),
    "account_change_password": Access(PARTICIPANT),
    "account_set_password": Access(PARTICIPANT),
    # Two-factor sign-in (allauth.mfa, our templates): one's own authenticator; the code page belongs
    # to a sign-in in progress (without one it sends the visitor to the sign-in).
    "mfa_index": Access(PARTICIPANT),
    "mfa_authenticate": Access(TOKEN),
    "mfa_reauthenticate": Access(PARTICIPANT),
    "mfa_activate_totp": Access(PARTICIPANT),
    "mfa_deactivate_totp": Access(PARTICIPANT),
    "mfa_view_recovery_codes": Access(PARTICIPANT),
    "mfa_generate_recovery_codes": Access(PARTICIPANT),
    "mfa_download_recovery_codes": Access(PARTICIPANT),
    "accounts:profile": Access(PARTICIPANT),
    "accounts:parental_consent_request": Access(PARTICIPANT),
    "accounts:parental_consent": Access(TOKEN, "token"),
    "accounts:export": Access(PARTICIPANT),
    "accounts:export_download": Access(PARTICIPANT),
    "accounts:delete": Access(PARTICIPANT),
    "notifications:settings": Access(PARTICIPANT),
    "notifications:unsubscribe": Access(TOKEN, "token"),
    # processes
    "processes:detail": Access(PUBLISHED, "process_page"),
    "processes:phase": Access(PUBLISHED, "phase_page"),
    "processes:module": Access(PUBLISHED, "module_page"),
    # events
    "events:detail": Access(PUBLISHED, "event"),
    "events:register": Access(PUBLISHED, "event_open"),
    "events:ics": Access(PUBLISHED, "event"),
    "events:calendar": Access(PUBLISHED, "process"),
    "events:cancel": Access(TOKEN, "token"),
    "events:offer": Access(TOKEN, "token"),
    "events:my_cancel": Access(OWNER, "own_registration"),
    "events:my_take_seats": Access(OWNER, "own_registration"),
    "events:attendees": Access(STAFF, "event"),
    "events:attendees_csv": Access(STAFF, "event"),
    "events:staff_register": Access(STAFF, "event"),
    "events:staff_cancel": Access(STAFF, "event_registration"),
    "events:documentation": Access(STAFF, "event"),
    "events:sign_in_sheet": Access(STAFF, "event"),
    "events:poster": Access(STAFF, "event"),
    "events:ideas_poster": Access(STAFF, "ideas_module"),
    # inventory
    "inventory:list": Access(PUBLISHED, "inventory_module"),
    "inventory:export": Access(PUBLISHED, "inventory_export"),
    "inventory:detail": Access(PUBLISHED, "inventory_item"),
    "inventory:suggest": Access(PUBLISHED, "inventory_module", action=True),
    "inventory:create": Access(STAFF, "inventory_module"),
    "inventory:edit": Access(STAFF, "inventory_item"),
    "inventory:delete": Access(STAFF, "inventory_item"),
    "inventory:import": Access(STAFF, "inventory_module"),
    "inventory:template": Access(STAFF, "inventory_template"),
    "inventory:suggestions": Access(STAFF, "inventory_module"),
    "inventory:suggestion_decline": Access(STAFF, "inventory_suggestion"),
    "inventory:settings": Access(ORG_ADMIN, "inventory_module"),
    # SWOT
    "swot:matrix": Access(PUBLISHED, "swot_module"),
    "swot:detail": Access(PUBLISHED, "swot_item"),
    "swot:suggest": Access(PUBLISHED, "swot_module", action=True),
    "swot:report": Access(PUBLISHED, "swot_comment"),
    "swot:comment": Access(PARTICIPANT_PUBLISHED, "swot_item", action=True),
    "swot:comment_visibility": Access(STAFF, "swot_comment_restore"),
    "swot:manage": Access(STAFF, "swot_module"),
    "swot:create": Access(STAFF, "swot_module"),
    "swot:edit": Access(STAFF, "swot_item"),
    "swot:delete": Access(STAFF, "swot_item"),
    "swot:move": Access(STAFF, "swot_item"),
    "swot:suggestion": Access(STAFF, "swot_suggestion"),
    "swot:export": Access(STAFF, "swot_module"),
    "swot:pdf_status": Access(STAFF, "swot_pdf"),
    "swot:pdf_download": Access(STAFF, "swot_pdf"),
    "swot:pdf_retry": Access(STAFF, "swot_pdf_failed"),
    "swot:settings": Access(ORG_ADMIN, "swot_module"),
    # demography
    "demography:dashboard": Access(PUBLISHED, "demography_module"),
    "demography:chart_csv": Access(PUBLISHED, "demography_chart"),
    "demography:overview": Access(STAFF, "organisation", allowed="staff_a"),
    "demography:import": Access(STAFF, "organisation", allowed="staff_a"),
    "demography:template": Access(STAFF, "demography_template", allowed="staff_a"),
    "demography:batch_delete": Access(ORG_ADMIN, "demography_batch"),
    "demography:projection_create": Access(ORG_ADMIN, "organisation"),
    "demography:projection_edit": Access(ORG_ADMIN, "demography_projection"),
    "demography:projection_delete": Access(ORG_ADMIN, "demography_projection"),
    # the municipal profile document
    "reports:document": Access(PUBLISHED, "document_module"),
    "reports:pdf_request": Access(PUBLISHED, "document_module"),
    "reports:pdf_status": Access(PUBLISHED, "profile_pdf"),
    "reports:pdf_download": Access(PUBLISHED, "profile_pdf"),
    "reports:pdf_retry": Access(STAFF, "profile_pdf_failed"),
    # ideas
    "ideas:list": Access(PUBLISHED, "ideas_module"),
    "ideas:create": Access(PUBLISHED, "ideas_module", action=True),  # the demo's collection takes guests' ideas
    "ideas:detail": Access(PUBLISHED, "idea"),
    "ideas:received": Access(PUBLISHED, "idea"),  # the author's confirmation; else as the contribution
    "ideas:edit": Access(OWNER, "own_idea"),
    "ideas:withdraw": Access(OWNER, "own_idea"),
    "ideas:guest_unsubscribe": Access(TOKEN, "token"),
    "ideas:comment": Access(PARTICIPANT_PUBLISHED, "idea", action=True),
    "ideas:comment_edit": Access(OWNER, "own_comment"),
    "ideas:support": Access(PARTICIPANT_PUBLISHED, "idea", action=True),
    "ideas:follow": Access(PARTICIPANT_PUBLISHED, "idea", action=True),
    "ideas:report": Access(PUBLISHED, "idea"),
    "ideas:report_comment": Access(PUBLISHED, "idea_comment"),
    # The hints while writing (POST, htmx): whoever may contribute; rate-limited, stores nothing.
    "ideas:hints": Access(PUBLISHED, "ideas_module", action=True),
    "ideas:similar_explained": Access(PUBLIC),
    "ideas:moderation": Access(STAFF, "ideas_module"),
    "ideas:settings": Access(ORG_ADMIN, "ideas_module"),
    "ideas:offline": Access(STAFF, "ideas_module"),
    "ideas:export": Access(STAFF, "ideas_export"),
    "ideas:visibility": Access(STAFF, "idea"),
    "ideas:comment_visibility": Access(STAFF, "idea_comment"),
    "ideas:answer": Access(STAFF, "idea"),
    "ideas:status": Access(STAFF, "idea"),
    "ideas:block": Access(STAFF, "idea_author"),
    "ideas:answer_sent": Access(STAFF, "offline_idea"),
    "ideas:letter": Access(STAFF, "answered_offline_idea"),
    "ideas:scan": Access(STAFF, "scanned_idea"),
    "ideas:duplicates": Access(STAFF, "idea"),
    "ideas:duplicate_overview": Access(STAFF, "ideas_module"),
    "ideas:merge": Access(STAFF, "idea"),
    # the live workshop board
    "workshops:join": Access(PUBLIC),
    "workshops:join_code": Access(PUBLIC, "join_code"),  # the join form, the code filled in
    "workshops:participant": Access(TOKEN, "workshop_session"),
    "workshops:participant_live": Access(TOKEN, "workshop_session"),
    "workshops:participant_card": Access(TOKEN, "workshop_session"),
    "workshops:participant_dot": Access(TOKEN, "workshop_session"),
    "workshops:projector": Access(TOKEN, "projector_key"),
    "workshops:projector_live": Access(TOKEN, "projector_key"),
    # The live push stream: its ticket is signed by the page that was allowed to show the board.
    "live_stream": Access(TOKEN, "live_ticket"),
    "workshops:record": Access(PUBLISHED, "workshop_record"),
    "workshops:module": Access(PUBLISHED, "workshops_module"),
    "workshops:start": Access(STAFF, "workshop_event"),
    "workshops:console": Access(STAFF, "workshop_session"),
    "workshops:console_live": Access(STAFF, "workshop_session"),
    "workshops:step": Access(STAFF, "workshop_session"),
    "workshops:paper_card": Access(STAFF, "workshop_session"),
    "workshops:card_move": Access(STAFF, "workshop_card"),
    "workshops:card_hide": Access(STAFF, "workshop_card"),
    "workshops:cluster_create": Access(STAFF, "workshop_session"),
    "workshops:cluster_change": Access(STAFF, "workshop_cluster"),
    "workshops:vote": Access(STAFF, "workshop_session"),
    "workshops:paper_dots": Access(STAFF, "workshop_session"),
    "workshops:transfer": Access(STAFF, "workshop_session"),
    "workshops:photo_add": Access(STAFF, "workshop_session"),
    "workshops:photo_delete": Access(STAFF, "workshop_photo"),
    # class mode: the team's invitations; the teacher's pages by the invitation's secret key
    "workshops:class_invitations": Access(STAFF, "class_process"),
    "workshops:class_revoke": Access(STAFF, "class_invitation"),
    "workshops:class_home": Access(TOKEN, "class_key"),
    "workshops:class_console": Access(TOKEN, "class_session"),
    "workshops:class_console_live": Access(TOKEN, "class_session"),
    "workshops:class_step": Access(TOKEN, "class_session"),
    "workshops:class_card_hide": Access(TOKEN, "class_card"),
    "workshops:class_finish": Access(TOKEN, "class_session"),
    # the action plan
    "plans:plan": Access(PUBLISHED, "plan_module"),
    "plans:plan_export": Access(PUBLISHED, "plan_export"),
    "plans:version": Access(PUBLISHED, "plan_version"),
    "plans:version_export": Access(PUBLISHED, "plan_version_export"),
    "plans:export_retry": Access(STAFF, "plan_export_failed"),
    "plans:measure": Access(PUBLISHED, "measure"),
    "plans:measure_follow": Access(PARTICIPANT_PUBLISHED, "measure", action=True),
    "plans:help_offer": Access(PARTICIPANT_PUBLISHED, "measure", action=True),
    "plans:prioritisation": Access(PUBLISHED, "vote_module"),
    "plans:results": Access(PUBLISHED, "vote_module"),
    "plans:vote": Access(PARTICIPANT_PUBLISHED, "vote_module", action=True),
    "plans:version_create": Access(STAFF, "process"),
    "plans:version_adopt": Access(STAFF, "plan_version"),
    "plans:measure_create": Access(STAFF, "process"),
    "plans:measure_choose_ideas": Access(STAFF, "process"),
    "plans:measure_edit": Access(STAFF, "measure"),
    "plans:measure_link_ideas": Access(STAFF, "measure"),
    "plans:milestone_add": Access(STAFF, "measure"),
    "plans:milestone_change": Access(STAFF, "milestone"),
    "plans:help_offers": Access(STAFF, "measure"),
    "plans:measure_letters": Access(STAFF, "measure"),
    "plans:tallies": Access(STAFF, "vote_module"),
    "plans:close_vote": Access(STAFF, "vote_module"),
    "plans:settings": Access(ORG_ADMIN, "vote_module"),
    # the interim review
    # newsletter
    "newsletter:archive": Access(PUBLISHED, "process"),
    "newsletter:subscribe": Access(PUBLISHED, "process"),
    "newsletter:issue": Access(PUBLISHED, "newsletter_sent_issue"),
    "newsletter:confirm": Access(TOKEN, "token"),
    "newsletter:unsubscribe": Access(TOKEN, "token"),
    "newsletter:manage": Access(STAFF, "process"),
    "newsletter:issue_create": Access(STAFF, "process"),
    "newsletter:postal": Access(STAFF, "process"),
    "newsletter:postal_stop": Access(STAFF, "newsletter_postal_subscriber"),
    "newsletter:issue_edit": Access(STAFF, "newsletter_issue"),
    "newsletter:issue_text": Access(STAFF, "newsletter_issue"),
    "newsletter:issue_send": Access(STAFF, "newsletter_issue"),
    "newsletter:issue_status": Access(STAFF, "newsletter_issue"),
    "newsletter:issue_posted": Access(STAFF, "newsletter_sent_issue"),
    "newsletter:issue_letters": Access(STAFF, "newsletter_sent_issue"),
    "progress:mine": Access(PARTICIPANT),
    "progress:mine_kind": Access(PARTICIPANT, "mine_kind"),
    "progress:module": Access(PUBLISHED, "review_module"),
    "progress:lookup": Access(PUBLISHED, "review_module"),
    "progress:measure": Access(PUBLISHED, "review_measure"),
    "progress:indicator_csv": Access(PUBLISHED, "review_indicator"),
    "progress:round": Access(PUBLISHED, "review_round"),
    "progress:report": Access(PUBLISHED, "review_round_closed"),
    "progress:rate": Access(PARTICIPANT_PUBLISHED, "review_rating", action=True),
    "progress:update_create": Access(STAFF, "review_measure"),
    "progress:indicator_create": Access(STAFF, "review_measure"),
    "progress:milestone": Access(STAFF, "review_milestone"),
    "progress:indicator_value": Access(STAFF, "review_indicator"),
    "progress:round_create": Access(STAFF, "review_module"),
    "progress:round_close": Access(STAFF, "review_round"),
    "progress:report_pdf": Access(STAFF, "review_round"),
    "progress:report_download": Access(STAFF, "review_report"),
    "progress:report_retry": Access(STAFF, "review_report_failed"),
    # surveys
    "surveys:module": Access(PUBLISHED, "survey_open"),
    "surveys:answer": Access(PUBLISHED, "survey_open", action=True),
    "surveys:thanks": Access(PUBLISHED, "survey_open"),
    "surveys:preview": Access(STAFF, "survey_open"),
    "surveys:edit": Access(STAFF, "survey_open"),
    "surveys:settings": Access(STAFF, "survey_open"),
    "surveys:question_add": Access(STAFF, "survey_open"),
    "surveys:question_edit": Access(STAFF, "survey_question"),
    "surveys:question_delete": Access(STAFF, "survey_question"),
    "surveys:question_move": Access(STAFF, "survey_question"),
    "surveys:copy_round": Access(STAFF, "survey_open"),
    "surveys:entry": Access(STAFF, "survey_open", allowed="staff_a"),
    "surveys:response_edit": Access(STAFF, "survey_paper_response", allowed="staff_a"),
    "surveys:response_delete": Access(STAFF, "survey_paper_response", allowed="staff_a"),
    "surveys:poster": Access(STAFF, "survey_open", allowed="staff_a"),
    "surveys:paper": Access(STAFF, "survey_open"),
    "surveys:paper_status": Access(STAFF, "survey_paper_forms"),
    "surveys:paper_download": Access(STAFF, "survey_paper_forms"),
    "surveys:paper_retry": Access(STAFF, "survey_paper_forms_failed"),
    "surveys:results": Access(PUBLISHED, "survey_public"),
    "surveys:texts": Access(STAFF, "survey_public"),
    "surveys:compare": Access(STAFF, "survey_open"),
    "surveys:export": Access(STAFF, "survey_public"),
    "surveys:export_state": Access(STAFF, "survey_export"),
    "surveys:export_download": Access(STAFF, "survey_export"),
    # handouts (printed for people offline; public with their process)
    "handouts:infoblatt": Access(PUBLISHED, "handouts_phase"),
    "handouts:contributions": Access(PUBLISHED, "handouts_process"),
    "participation:dashboard": Access(STAFF, "participation_process"),
    "participation:live": Access(STAFF, "participation_process"),
    "participation:towns": Access(STAFF, "participation_process"),
    "participation:town": Access(STAFF, "participation_town"),
    "participation:csv": Access(STAFF, "participation_process"),
    "participation:tallies": Access(STAFF, "participation_process"),
    "participation:tally_create": Access(STAFF, "participation_process"),
    "participation:tally_edit": Access(STAFF, "participation_tally"),
    "participation:tally_delete": Access(STAFF, "participation_tally"),
    # themes (the moderators of the process's idea collections)
    "themes:process": Access(STAFF, "themes_process"),
    "themes:run": Access(STAFF, "themes_process"),
    "themes:theme_create": Access(STAFF, "themes_process"),
    "themes:items_move": Access(STAFF, "themes_process"),
    "themes:theme_accept": Access(STAFF, "theme"),
    "themes:theme_rename": Access(STAFF, "theme"),
    "themes:theme_dissolve": Access(STAFF, "theme"),
    "themes:theme_cluster": Access(STAFF, "theme"),
    "themes:theme_measure": Access(STAFF, "theme"),
    # easyread (the pages in Leichte Sprache; their editors: the organisation's admins and moderators)
    "easyread:organisations": Access(PUBLIC),
    "easyread:index": Access(PUBLIC, "organisation"),
    "easyread:now": Access(PUBLIC, "organisation"),
    "easyread:page": Access(PUBLISHED, "easyread_page"),
    "easyread:editor": Access(STAFF, "organisation"),
    "easyread:page_edit": Access(STAFF, "easyread_page"),
    "easyread:phase_edit": Access(STAFF, "easyread_phase"),
    # The readability hints of a text (POST only, rate-limited, stores nothing): for anyone who writes public text.
    "easyread:hints": Access(ROLE_HOLDER),
    # The read API (issue 16): the same answer for everyone, only what is published (docs/api.md).
    "api:index": Access(PUBLIC),
    "api:docs": Access(PUBLIC),
    "api:swagger": Access(PUBLIC),
    "api-v1:index": Access(PUBLIC),
    # django-ninja's name for its prefix, shadowed by our index (the pattern before it answers first).
    "api-v1:api-root": Access(PUBLIC),
    "api-v1:openapi-json": Access(PUBLIC),
    "api-v1:organisation_list": Access(PUBLIC_DATA),
    "api-v1:organisation_detail": Access(PUBLIC_DATA, "api_organisation"),
    "api-v1:target_groups": Access(PUBLIC_DATA),
    "api-v1:process_list": Access(PUBLIC_DATA, "api_organisation_org"),
    "api-v1:process_detail": Access(PUBLIC_DATA, "api_process"),
    "api-v1:contribution_list": Access(PUBLIC_DATA, "api_process"),
    "api-v1:contribution_detail": Access(PUBLIC_DATA, "api_contribution"),
    "api-v1:measure_list": Access(PUBLIC_DATA, "api_process"),
    "api-v1:measure_detail": Access(PUBLIC_DATA, "api_measure"),
    "api-v1:event_list": Access(PUBLIC_DATA, "api_process"),
    "api-v1:event_detail": Access(PUBLIC_DATA, "api_event"),
    "api-v1:inventory_list": Access(PUBLIC_DATA, "api_first_round"),
    "api-v1:inventory_detail": Access(PUBLIC_DATA, "api_inventory_item"),
    "api-v1:swot_list": Access(PUBLIC_DATA, "api_first_round"),
    "api-v1:swot_detail": Access(PUBLIC_DATA, "api_swot_item"),
    "api-v1:demography": Access(PUBLIC_DATA, "api_first_round"),
    "api-v1:survey_list": Access(PUBLIC_DATA, "api_first_round"),
    "api-v1:survey_results_endpoint": Access(PUBLIC_DATA, "api_survey"),
    "api-v1:review_list": Access(PUBLIC_DATA, "api_first_round"),
    # Open data, feeds and embeds of a process (issue 16): public data, gone with the process.
    "opendata:catalog": Access(PUBLIC_DATA, "api_organisation_org"),
    "opendata:process": Access(PUBLIC_DATA, "api_process"),
    "opendata:datapackage": Access(PUBLIC_DATA, "api_process"),
    "opendata:download": Access(PUBLIC_DATA, "opendata_download"),
    "feeds:process": Access(PUBLIC_DATA, "api_process"),
    "feeds:feed": Access(PUBLIC_DATA, "feed"),
    "embeds:builder": Access(PUBLIC_DATA, "api_process"),
    "embeds:phase": Access(PUBLIC_DATA, "api_process"),
    "embeds:contributions": Access(PUBLIC_DATA, "api_process"),
    "embeds:events": Access(PUBLIC_DATA, "api_process"),
}

# Django's admin: every pattern of its namespace, asked without a real object (the site turns
# away people without a role before it looks for one).
BACKOFFICE_NAMESPACE = "admin"


# --- walking the URL patterns -------------------------------------------------------------------


def url_patterns(resolver=None, namespace: str | None = None, prefix: str = ""):
    """(name, route, pattern) of every URL pattern of the project, Django's admin included."""
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = ":".join(filter(None, [namespace, entry.namespace])) or None
            yield from url_patterns(entry, inner, route)
        elif isinstance(entry, URLPattern):
            name = ":".join(filter(None, [namespace, entry.name])) if entry.name else None
            yield name, route, entry


def classification_of(name: str | None, route: str) -> str | None:
    if name in ACCESS:
        return ACCESS[name].who
    if route.startswith(f"{BACKOFFICE_NAMESPACE}/"):
        return BACKOFFICE
    return None


def test_every_url_pattern_is_classified():
    missing, unnamed = [], []
    for name, route, pattern in url_patterns():
        if classification_of(name, route) is not None:
            continue
        if name is None:
            unnamed.append(route)
        else:
            needs = " (it has arguments: also give a target, an existing one or a new builder in TARGETS)"
            missing.append(
                f'    "{name}": Access(<class>{", <target>" if pattern.pattern.regex.groups else ""}),'
                f"  # /{route}{needs if pattern.pattern.regex.groups else ''}"
            )
    assert not unnamed, f"URL patterns without a name cannot be classified; name them: {unnamed}"
    assert not missing, (
        "These URL patterns have no row in ACCESS (tests/test_url_permissions.py). Add one line each,\n"
        "with <class> one of PUBLIC, PUBLISHED, PARTICIPANT, PARTICIPANT_PUBLISHED, OWNER, STAFF, ORG_ADMIN,\n"
        "PLATFORM_ADMIN, TOKEN (see CLASSES), and add it to the table in docs/permissions.md if it serves a file:\n"
        + "\n".join(missing)
    )


def test_the_table_names_only_patterns_that_exist():
    names = {name for name, _route, _pattern in url_patterns()}
    assert set(ACCESS) - names == set()
    assert {access.who for access in ACCESS.values()} <= set(CLASSES)
    assert {access.target for access in ACCESS.values() if access.target} <= set(TARGETS)


def backoffice_path(route: str) -> str:
    """A path for an admin route, without a real object: "core" for an app label, "1" for anything else."""
    path = re.sub(r"\(\?P<app_label>[^)]*\)", "core", route)
    path = re.sub(r"\(\?P<\w+>[^)]*\)|<[^>]+>", "1", path)
    return "/" + path.replace("^", "").replace("$", "")


def documented_downloads() -> dict[str, str]:
    """The table "Who may open which address" of docs/permissions.md: URL name → class."""
    rows = {}
    section = DOCS.read_text(encoding="utf-8").split("## Who may open which address", 1)
    assert len(section) == 2, "docs/permissions.md has no section 'Who may open which address'"
    for line in section[1].split("\n## ", 1)[0].splitlines():
        row = re.fullmatch(r"\|\s*`([a-z0-9_:-]+)`\s*\|[^|]*\|\s*([^|]+?)\s*\|.*", line.strip())
        if row:
            rows[row.group(1)] = row.group(2)
    return rows


def test_the_classes_are_the_ones_in_docs_permissions_md():
    section = DOCS.read_text(encoding="utf-8").split("## Who may open which address", 1)[1].split("\n## ", 1)[0]
    documented = re.findall(r"^\| ([a-z ]+) \| ", section, re.MULTILINE)
    assert [name for name in documented if name != "class"] == list(CLASSES)


# The patterns that serve files or data rather than pages: each has a row in docs/permissions.md.
FILE_ROUTE = re.compile(r"(\.(csv|ics|pdf|rdf|json|<str:file_format>|<str:fmt>)|/download/|/scan/)$")


def test_every_download_is_documented_with_its_class():
    documented = documented_downloads()
    downloads = {
        name: ACCESS[name].who
        for name, route, _pattern in url_patterns()
        if name in ACCESS and FILE_ROUTE.search(route.replace("<int:pk>", "x"))
    }
    assert downloads, "no download found: FILE_ROUTE is out of date"
    assert documented == downloads, (
        "docs/permissions.md ('Who may open which address') and ACCESS disagree; "
        f"documented: {documented}, in ACCESS: {downloads}"
    )


# --- building real objects ----------------------------------------------------------------------


@pytest.fixture
def organisation(db):
    """The demo's organisation: the demo has an object of nearly every kind for the URLs."""
    from zukunftswerkstatt.demo.services import demo_load

    return demo_load()


@pytest.fixture
def town_a(organisation):
    return organisation.municipalities.get(ags="14523020")


@dataclass
class Target:
    kwargs: dict = field(default_factory=dict)
    module: object = None
    process: object = None
    event: object = None
    owner: object = None
    query: str = ""
    hide: Callable | None = None
    """Hides the item the page shows (a contribution or comment hidden by moderation, a projection taken
    off the dashboard): then it is gone for the public as if unpublished."""
    post: dict = field(default_factory=dict)
    """What a POST sends (a view that takes only POST), so that the allowed person's request is complete."""


def _running_round():
    from zukunftswerkstatt.processes.models import Process

    return Process.objects.get(slug="attraktiv-im-wandel")


def _first_round():
    from zukunftswerkstatt.processes.models import Process

    return Process.objects.get(slug="attraktiv-im-wandel-erste-runde")


def _module(process, type_: str):
    from zukunftswerkstatt.processes.models import Module

    return Module.objects.filter(phase__process=process, type=type_).order_by("pk").first()


def _for_module(module, **kwargs) -> Target:
    return Target({"module_pk": module.pk, **kwargs}, module=module, process=module.phase.process)


def t_organisation(world):
    return Target({"organisation_slug": world["organisation"].slug})


def t_api_organisation(world):
    return Target({"slug": world["organisation"].slug})


def t_api_organisation_org(world):
    return Target({"org": world["organisation"].slug})


def t_api_contribution(world):
    """A published contribution of the running round, by the API's names; hidden with it."""
    from zukunftswerkstatt.ideas.models import Idea, Visibility

    process = _running_round()
    idea = (
        Idea.objects.filter(module__phase__process=process, visibility=Visibility.PUBLISHED)
        .select_related("module")
        .order_by("pk")
        .first()
    )
    return Target(
        {"org": world["organisation"].slug, "process": process.slug, "id": idea.pk},
        process=process,
        module=idea.module,
        hide=lambda: Idea.objects.filter(pk=idea.pk).update(visibility=Visibility.HIDDEN),
    )


def t_api_measure(world):
    from zukunftswerkstatt.plans.models import Measure

    process = Measure.objects.order_by("pk").first().process
    measure = Measure.objects.filter(process=process).order_by("pk").first()
    return Target({"org": world["organisation"].slug, "process": process.slug, "id": measure.pk}, process=process)


def t_api_first_round(world):
    process = _first_round()
    return Target({"org": world["organisation"].slug, "process": process.slug}, process=process)


def _api_item(world, process, item, module=None, hide=None):
    return Target(
        {"org": world["organisation"].slug, "process": process.slug, "id": item.pk},
        process=process,
        module=module,
        hide=hide,
    )


def t_api_event(world):
    from zukunftswerkstatt.events.models import Event

    process = _running_round()
    event = Event.objects.published().filter(process=process).order_by("pk").first()
    target = _api_item(world, process, event)
    target.event = event
    return target


def t_api_inventory_item(world):
    from zukunftswerkstatt.inventory.models import InventoryItem

    process = _first_round()
    item = InventoryItem.objects.filter(module__phase__process=process).order_by("pk").first()
    return _api_item(world, process, item, module=item.module)


def t_api_swot_item(world):
    from zukunftswerkstatt.swot.models import SwotItem

    process = _first_round()
    item = SwotItem.objects.filter(module__phase__process=process).order_by("pk").first()
    return _api_item(world, process, item, module=item.module)


def t_api_survey(world):
    from zukunftswerkstatt.surveys.models import Survey

    process = _first_round()
    survey = Survey.objects.filter(module__phase__process=process, results_public=True).order_by("pk").first()
    return _api_item(
        world,
        process,
        survey,
        module=survey.module,
        hide=lambda: Survey.objects.filter(pk=survey.pk).update(results_public=False),
    )


def t_opendata_download(world):
    process = _running_round()
    return Target(
        {"org": world["organisation"].slug, "process": process.slug, "dataset": "contributions", "fmt": "csv"},
        process=process,
    )


def t_feed(world):
    process = _running_round()
    return Target(
        {"org": world["organisation"].slug, "process": process.slug, "kind": "all", "fmt": "rss"}, process=process
    )


def t_api_process(world):
    """A process of the API, by the slugs of its organisation and itself; unpublished with it."""
    process = _running_round()
    return Target({"org": world["organisation"].slug, "process": process.slug}, process=process)


def t_legal_page(world):
    return Target({"organisation_slug": world["organisation"].slug, "kind": "imprint"})


def t_process(world):
    process = _first_round()
    return Target({"process_pk": process.pk}, process=process)


def t_process_page(world):
    process = _first_round()
    return Target({"organisation_slug": process.organisation.slug, "process_slug": process.slug}, process=process)


def t_phase_page(world):
    target = t_process_page(world)
    phase = target.process.phases.order_by("start").first()
    target.kwargs["phase_pk"] = phase.pk
    return target


def t_handouts_phase(world):
    process = _running_round()
    return Target({"phase_pk": process.phases.get(type="workshop").pk}, process=process)


def t_handouts_process(world):
    process = _running_round()
    return Target({"process_pk": process.pk}, process=process, query="?days=14")


def t_module_page(world):
    target = t_process_page(world)
    module = _module(target.process, "inventory")
    target.kwargs["module_pk"] = module.pk
    target.module = module
    return target


def t_token(world):
    return Target({"token": "a-token-nobody-was-sent"})


def t_live_ticket(world):
    """A live push stream's ticket that no page signed (core/live.py)."""
    return Target({"ticket": "d29ya3Nob3A6MQ:1xZoBo:a-signature-nobody-made"})


def t_allauth_key(world):
    return Target({"key": "MQ:a-key-nobody-was-sent"})


def t_allauth_reset_key(world):
    return Target({"uidb36": "1", "key": "a-key-nobody-was-sent"})


def _event(**filters):
    from zukunftswerkstatt.events.models import Event

    return Event.objects.filter(is_published=True, **filters).select_related("process").order_by("pk").first()


def t_event(world):
    event = _event(process=_running_round())
    return Target({"pk": event.pk}, process=event.process, event=event)


def t_event_open(world):
    event = _event(start__gt=timezone.now(), process=_running_round())
    return Target({"pk": event.pk}, process=event.process, event=event)


def t_event_registration(world):
    registration = world["registration"]
    return Target({"pk": registration.event_id, "registration_pk": registration.pk})


def t_own_registration(world):
    registration = world["registration"]
    return Target({"registration_pk": registration.pk}, owner=registration.user)


def t_ideas_module(world):
    return _for_module(_module(_running_round(), "ideas"))


def t_workshops_module(world):
    from zukunftswerkstatt.processes.services import module_create

    phase = _running_round().phases.get(type="workshop")
    return _for_module(module_create(phase=phase, type="workshops", title="Ideenwand"))


def t_ideas_export(world):
    return _for_module(_module(_running_round(), "ideas"), file_format="csv")


def _idea(**filters):
    from zukunftswerkstatt.ideas.models import Idea

    return (
        Idea.objects.filter(module__phase__process=_running_round(), visibility="published", **filters)
        .order_by("pk")
        .first()
    )


def t_idea(world):
    from zukunftswerkstatt.ideas.models import Idea

    idea = _idea()
    target = _for_module(idea.module, pk=idea.pk)
    target.hide = lambda: Idea.objects.filter(pk=idea.pk).update(visibility="hidden", hidden_reason="Beleidigend")
    return target


def t_idea_author(world):
    idea = _idea(author__isnull=False)
    target = _for_module(idea.module, pk=idea.pk)
    target.post = {"user": idea.author_id}
    return target


def t_own_idea(world):
    from zukunftswerkstatt.ideas.models import Status

    idea = _idea(author__memberships__isnull=True, author__isnull=False, status__in=[Status.NEW, Status.UNDER_REVIEW])
    target = _for_module(idea.module, pk=idea.pk)
    target.owner = idea.author
    return target


def t_idea_comment(world):
    from zukunftswerkstatt.conversation.models import Comment

    comment = Comment.objects.filter(author__isnull=False, idea__isnull=False).order_by("pk").first()
    target = _for_module(comment.target.module, pk=comment.object_id, comment_pk=comment.pk)
    target.hide = lambda: Comment.objects.filter(pk=comment.pk).update(is_hidden=True, hidden_reason="Beleidigend")
    return target


def t_own_comment(world):
    from zukunftswerkstatt.conversation.models import Comment

    comment = (
        Comment.objects.filter(author__isnull=False, idea__module__phase__process=_running_round())
        .select_related("author")
        .order_by("pk")
        .first()
    )
    if comment is None:
        from tests.ideas.factories import CommentFactory

        comment = CommentFactory(idea=_idea(), author=world["people"]["participant"])
    target = _for_module(comment.target.module, pk=comment.object_id, comment_pk=comment.pk)
    target.owner = comment.author
    return target


def t_offline_idea(world):
    from zukunftswerkstatt.ideas.models import OfflineContact

    contact = OfflineContact.objects.select_related("idea__module").order_by("pk").first()
    return _for_module(contact.idea.module, pk=contact.idea_id)


def t_answered_offline_idea(world):
    from zukunftswerkstatt.ideas.models import Idea, OfflineContact

    contact = OfflineContact.objects.select_related("idea__module").order_by("pk").first()
    Idea.objects.filter(pk=contact.idea_id).update(official_answer="Danke, wir prüfen das.")
    return _for_module(contact.idea.module, pk=contact.idea_id)


def t_scanned_idea(world):
    from zukunftswerkstatt.ideas.models import OfflineContact

    contact = OfflineContact.objects.select_related("idea__module").order_by("pk").first()
    contact.scan.save("brief.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    return _for_module(contact.idea.module, pk=contact.idea_id)


def t_inventory_module(world):
    return _for_module(_module(_first_round(), "inventory"))


def t_inventory_export(world):
    return _for_module(_module(_first_round(), "inventory"), file_format="csv")


def t_inventory_template(world):
    return _for_module(_module(_first_round(), "inventory"), file_format="csv")


def t_inventory_item(world):
    from zukunftswerkstatt.inventory.models import InventoryItem

    module = _module(_first_round(), "inventory")
    return _for_module(module, pk=InventoryItem.objects.filter(module=module).order_by("pk").first().pk)


def t_inventory_suggestion(world):
    from zukunftswerkstatt.inventory.models import InventorySuggestion

    suggestion = InventorySuggestion.objects.select_related("module").order_by("pk").first()
    return _for_module(suggestion.module, pk=suggestion.pk)


def t_swot_module(world):
    return _for_module(_module(_first_round(), "swot"))


def t_swot_item(world):
    from zukunftswerkstatt.swot.models import SwotItem

    item = SwotItem.objects.select_related("module").order_by("pk").first()
    return _for_module(item.module, pk=item.pk)


def t_swot_comment(world):
    from zukunftswerkstatt.conversation.models import Comment

    comment = Comment.objects.filter(swot_item__isnull=False).order_by("pk").first()
    target = _for_module(comment.target.module, pk=comment.object_id, comment_pk=comment.pk)
    target.hide = lambda: Comment.objects.filter(pk=comment.pk).update(is_hidden=True, hidden_reason="Beleidigend")
    return target


def t_swot_comment_restore(world):
    target = t_swot_comment(world)
    target.post = {"action": "restore"}
    return target


def t_swot_suggestion(world):
    from zukunftswerkstatt.swot.models import SwotSuggestion

    suggestion = SwotSuggestion.objects.select_related("module").order_by("pk").first()
    return _for_module(suggestion.module, suggestion_pk=suggestion.pk)


def t_swot_pdf(world):
    from zukunftswerkstatt.core.models import DocumentStatus
    from zukunftswerkstatt.swot.models import SwotPdf

    module = _module(_first_round(), "swot")
    pdf = SwotPdf(module=module, status=DocumentStatus.DONE, finished_at=timezone.now())
    pdf.file.save("swot.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    pdf.save()
    return _for_module(module, pk=pdf.pk)


def t_demography_module(world):
    return _for_module(_module(_first_round(), "demography"))


def t_demography_chart(world):
    from zukunftswerkstatt.demography.models import Projection

    target = t_demography_module(world)
    target.query = "?chart=projection"
    target.hide = lambda: Projection.objects.update(is_published=False)
    return target


def t_demography_template(world):
    return Target({"organisation_slug": world["organisation"].slug, "kind": "population", "file_format": "csv"})


def t_demography_batch(world):
    from zukunftswerkstatt.demography.models import ImportBatch

    batch = ImportBatch.objects.order_by("pk").first()
    return Target({"organisation_slug": world["organisation"].slug, "pk": batch.pk})


def t_demography_projection(world):
    from zukunftswerkstatt.demography.models import Projection

    projection = Projection.objects.order_by("pk").first()
    return Target({"organisation_slug": world["organisation"].slug, "pk": projection.pk})


def t_document_module(world):
    return _for_module(_module(_first_round(), "profile_document"))


def t_profile_pdf(world):
    from zukunftswerkstatt.reports.models import PdfStatus, ProfilePdf

    module = _module(_first_round(), "profile_document")
    pdf = ProfilePdf(module=module, status=PdfStatus.DONE, finished_at=timezone.now())
    pdf.file.save("profil.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    pdf.save()
    return _for_module(module, pk=pdf.pk)


def _session():
    from zukunftswerkstatt.workshops.models import WorkshopSession

    return (
        WorkshopSession.objects.filter(event__process=_running_round())
        .select_related("event__process")
        .order_by("-pk")
        .first()
    )


def t_join_code(world):
    return Target({"code": "ZZZZZZ"})


def t_workshop_session(world):
    session = _session()
    return Target({"pk": session.pk}, process=session.event.process, event=session.event)


def t_workshop_event(world):
    session = _session()
    return Target({"event_pk": session.event_id}, process=session.event.process, event=session.event)


def t_projector_key(world):
    return Target({"key": "a-key-nobody-was-given"})


def t_workshop_record(world):
    from zukunftswerkstatt.workshops.models import WorkshopSession

    session = WorkshopSession.objects.exclude(pk=_session().pk).select_related("event__process").order_by("pk").first()
    return Target({"pk": session.pk}, process=session.event.process, event=session.event)


def t_workshop_card(world):
    from zukunftswerkstatt.workshops.models import Card

    card = Card.objects.select_related("session__event__process").order_by("pk").first()
    return Target({"pk": card.session_id, "card_pk": card.pk})


def t_workshop_cluster(world):
    from zukunftswerkstatt.workshops.models import Cluster

    cluster = Cluster.objects.order_by("pk").first()
    return Target({"pk": cluster.session_id, "cluster_pk": cluster.pk})


def t_workshop_photo(world):
    import io

    from PIL import Image

    from zukunftswerkstatt.workshops.models import FlipchartPhoto

    session = _session()
    output = io.BytesIO()
    Image.new("RGB", (4, 4)).save(output, format="JPEG")
    photo = FlipchartPhoto(session=session, alt_text="Flipchart")
    photo.image.save("flipchart.jpg", ContentFile(output.getvalue()), save=True)
    return Target({"pk": session.pk, "photo_pk": photo.pk})


def _class_session():
    from zukunftswerkstatt.workshops.models import WorkshopSession

    return WorkshopSession.objects.filter(invitation__isnull=False).select_related("invitation").order_by("pk").first()


def t_class_process(world):
    process = _running_round()
    return Target({"process_pk": process.pk}, process=process)


def t_class_invitation(world):
    session = _class_session()
    return Target({"pk": session.invitation_id}, process=session.process)


def t_class_key(world):
    return Target({"key": "a-key-nobody-was-given"})


def t_class_session(world):
    return Target({"key": "a-key-nobody-was-given", "pk": _class_session().pk})


def t_class_card(world):
    session = _class_session()
    return Target({"key": "a-key-nobody-was-given", "pk": session.pk, "card_pk": session.cards.first().pk})


def t_plan_module(world):
    return _for_module(_module(_first_round(), "action_plan"))


def t_plan_export(world):
    return _for_module(_module(_first_round(), "action_plan"), file_format="docx")


def t_plan_version(world):
    from zukunftswerkstatt.plans.models import PlanVersion

    version = PlanVersion.objects.order_by("pk").first()
    return Target({"pk": version.pk}, module=_module(version.process, "action_plan"), process=version.process)


def t_plan_version_export(world):
    target = t_plan_version(world)
    target.kwargs["file_format"] = "docx"
    return target


def _measure():
    from zukunftswerkstatt.plans.models import Measure

    return Measure.objects.filter(process=_first_round()).select_related("process").order_by("pk").first()


def t_measure(world):
    measure = _measure()
    return Target({"pk": measure.pk}, process=measure.process)


def t_milestone(world):
    milestone = _measure().milestones.order_by("pk").first()
    return Target({"pk": milestone.pk})


def t_vote_module(world):
    # The interim review's vote: open, with live results.
    from zukunftswerkstatt.processes.models import Module

    module = Module.objects.filter(type="prioritisation", phase__type="review").get()
    return _for_module(module)


def t_mine_kind(world):
    return Target({"kind": "contributions"})


def t_review_module(world):
    return _for_module(_module(_first_round(), "review"))


def t_review_measure(world):
    return _for_module(_module(_first_round(), "review"), pk=_measure().pk)


def t_review_milestone(world):
    return _for_module(_module(_first_round(), "review"), pk=_measure().milestones.order_by("pk").first().pk)


def t_review_indicator(world):
    from zukunftswerkstatt.progress.models import Indicator

    return _for_module(_module(_first_round(), "review"), pk=Indicator.objects.order_by("pk").first().pk)


def t_review_round(world):
    from zukunftswerkstatt.progress.models import ReviewRound

    return _for_module(_module(_first_round(), "review"), pk=ReviewRound.objects.order_by("pk").first().pk)


def t_review_round_closed(world):
    from zukunftswerkstatt.progress.models import ReviewRound

    review_round = ReviewRound.objects.order_by("pk").first()
    ReviewRound.objects.filter(pk=review_round.pk).update(
        opens_at=timezone.now() - dt.timedelta(days=30), closes_at=timezone.now() - dt.timedelta(days=1)
    )
    return _for_module(_module(_first_round(), "review"), pk=review_round.pk)


def t_review_rating(world):
    target = t_review_round(world)
    target.kwargs["measure_pk"] = _measure().pk
    return target


def t_review_report(world):
    from zukunftswerkstatt.progress.models import ReviewReport, ReviewRound

    review_round = ReviewRound.objects.order_by("pk").first()
    report = ReviewReport(review_round=review_round, status="done", finished_at=timezone.now())
    report.file.save("bericht.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    report.save()
    return _for_module(_module(_first_round(), "review"), pk=report.pk)


def _failed(row):
    """A generated document whose build failed: the team's "try again" button acts on it."""
    from zukunftswerkstatt.core.models import DocumentStatus

    row.status = DocumentStatus.FAILED
    row.error = "test"
    row.finished_at = timezone.now()
    row.save()
    return row


def t_swot_pdf_failed(world):
    from zukunftswerkstatt.swot.models import SwotPdf

    module = _module(_first_round(), "swot")
    pdf = _failed(SwotPdf(module=module))
    return _for_module(module, pk=pdf.pk)


def t_profile_pdf_failed(world):
    from zukunftswerkstatt.reports.models import ProfilePdf

    module = _module(_first_round(), "profile_document")
    pdf = _failed(ProfilePdf(module=module))
    return _for_module(module, pk=pdf.pk)


def t_plan_export_failed(world):
    from zukunftswerkstatt.plans.models import PlanExport

    process = _first_round()
    export = _failed(PlanExport(process=process, file_format="pdf", key="test"))
    return Target({"process_pk": process.pk, "pk": export.pk}, module=_module(process, "action_plan"), process=process)


def t_review_report_failed(world):
    from zukunftswerkstatt.progress.models import ReviewReport, ReviewRound

    report = _failed(ReviewReport(review_round=ReviewRound.objects.order_by("pk").first()))
    return _for_module(_module(_first_round(), "review"), pk=report.pk)


def t_participation_process(world):
    process = _first_round()
    return Target({"process_pk": process.pk}, process=process)


def t_themes_process(world):
    process = _running_round()
    return Target({"process_pk": process.pk}, process=process)


def t_theme(world):
    from zukunftswerkstatt.themes.models import Theme

    theme = Theme.objects.filter(process=_running_round()).order_by("pk").first()
    return Target({"pk": theme.pk}, process=theme.process)


def t_participation_town(world):
    target = t_participation_process(world)
    target.kwargs["town_pk"] = target.process.municipalities.order_by("pk").first().pk
    return target


def t_participation_tally(world):
    from zukunftswerkstatt.participation.models import Tally

    target = t_participation_process(world)
    target.kwargs["pk"] = Tally.objects.filter(process=target.process).order_by("pk").first().pk
    return target


def _survey(phase_type: str):
    from zukunftswerkstatt.surveys.models import Survey

    return Survey.objects.select_related("module__phase__process").get(
        module__phase__process=_first_round(), module__phase__type=phase_type
    )


def t_survey_open(world):
    """The survey asked again in the running interim review: open, results not public yet."""
    return _for_module(_survey("review").module)


def t_survey_public(world):
    """The profile's survey: closed, results public."""
    return _for_module(_survey("profile").module)


def t_survey_question(world):
    survey = _survey("review")
    return _for_module(survey.module, pk=survey.questions.order_by("position").first().pk)


def t_survey_paper_response(world):
    survey = _survey("review")
    response = survey.responses.filter(channel="paper").order_by("pk").first()
    target = _for_module(survey.module)
    target.kwargs = {"pk": response.pk}
    return target


def t_survey_paper_forms(world):
    from zukunftswerkstatt.surveys.models import PaperForms

    survey = _survey("review")
    row = PaperForms(survey=survey, first_number=900, copies=1, status="done", finished_at=timezone.now())
    row.file.save("fragebogen.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    row.save()
    return _for_module(survey.module, pk=row.pk)


def t_survey_paper_forms_failed(world):
    from zukunftswerkstatt.surveys.models import PaperForms

    survey = _survey("review")
    row = _failed(PaperForms(survey=survey, first_number=950, copies=1))
    return _for_module(survey.module, pk=row.pk)


def t_survey_export(world):
    from zukunftswerkstatt.surveys.models import SurveyExport

    survey = _survey("profile")
    row = SurveyExport(survey=survey, file_format="csv", status="done", finished_at=timezone.now())
    row.file.save("antworten.csv", ContentFile(b"Nr;Kanal\n1;online\n"), save=False)
    row.save()
    return _for_module(survey.module, pk=row.pk)


def t_easyread_page(world):
    from zukunftswerkstatt.easyread.models import EasyReadPage

    page = EasyReadPage.objects.get(organisation=world["organisation"], kind="steps")
    return Target(
        {"organisation_slug": world["organisation"].slug, "kind": page.kind},
        hide=lambda: EasyReadPage.objects.filter(pk=page.pk).update(is_published=False),
    )


def t_easyread_phase(world):
    phase = _running_round().phases.get(type="workshop")
    return Target({"organisation_slug": world["organisation"].slug, "phase_pk": phase.pk})


def t_newsletter_issue(world):
    from zukunftswerkstatt.newsletter.models import Issue

    process = _first_round()
    issue = Issue.objects.create(process=process, subject="Entwurf")
    return Target({"issue_pk": issue.pk}, process=process)


def t_newsletter_sent_issue(world):
    from zukunftswerkstatt.newsletter.models import Issue

    process = _first_round()
    issue = Issue.objects.create(
        process=process, subject="Ausgabe", status="sent", sent_at=timezone.now(), sent_html="<p>Hallo</p>"
    )
    return Target({"issue_pk": issue.pk}, process=process)


def t_newsletter_postal_subscriber(world):
    from zukunftswerkstatt.newsletter.models import Subscription

    process = _first_round()
    subscriber = Subscription.objects.create(
        process=process,
        channel="post",
        name="Erna Beispiel",
        address="Markt 1\n08209 Auerbach",
        consent_note="Formular",
    )
    return Target({"subscription_pk": subscriber.pk}, process=process)


TARGETS: dict[str, Callable] = {
    name.removeprefix("t_"): builder for name, builder in globals().items() if name.startswith("t_")
}


# --- asking ---------------------------------------------------------------------------------------


def ask(path: str, user, post: dict | None = None) -> tuple[int, str, str, bytes]:
    """GET the URL as `user` (None: without an account), or an empty POST if the view takes only POST."""
    client = Client()
    if user is not None:
        client.force_login(user)
    response = client.get(path)
    method = "GET"
    if response.status_code == 405:
        method = "POST"
        response = client.post(path, post or {})
    location = response.get("Location", "") if response.status_code in {301, 302, 303} else ""
    content = b"" if getattr(response, "streaming", False) else response.content
    return response.status_code, location, method, content


def is_login_redirect(status: int, location: str) -> bool:
    return status in {302, 303} and (
        location.startswith(reverse("account_login")) or location.startswith(reverse("admin:login"))
    )


def kept_out(status: int, location: str, *, anonymous: bool, backoffice: bool = False) -> bool:
    if status in {403, 404}:
        return True
    return (anonymous or backoffice) and is_login_redirect(status, location)


def let_in(status: int, location: str) -> bool:
    return status < 500 and status not in {403, 404, 405} and not is_login_redirect(status, location)


@pytest.mark.django_db
def test_every_url_pattern_answers_as_classified(
    organisation, participant, staff_a, moderator, org_admin, other_org_admin, platform_admin
):
    from zukunftswerkstatt.events.models import Registration

    people = {
        "anonymous": None,
        "participant": participant,
        "staff_a": staff_a,
        "moderator": moderator,
        "org_admin": org_admin,
        "other_org_admin": other_org_admin,
        "platform_admin": platform_admin,
    }
    registration = (
        Registration.objects.filter(user__isnull=False, event__process=_running_round(), status="confirmed")
        .select_related("user")
        .order_by("pk")
        .first()
    )
    world = {"organisation": organisation, "people": people, "registration": registration}
    # The participant uses two-factor sign-in, so its pages (codes, switching it off) have something to show.
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(people["participant"], generate_totp_secret())
    RecoveryCodes.activate(people["participant"])
    failures: list[str] = []

    def check(name: str, who: str, role: str, path: str, *, want_in: bool, note: str = "", target=None):
        user = people.get(role) if role != "owner" else target.owner
        status, location, method, _content = ask(path, user, target.post if target else None)
        anonymous = user is None
        ok = (
            let_in(status, location)
            if want_in
            else kept_out(status, location, anonymous=anonymous, backoffice=who == BACKOFFICE)
        )
        if not ok:
            expectation = "gets in" if want_in else "is kept out (403/404, or the login page)"
            failures.append(
                f"{name} ({who}{note}): {role} {expectation}, but {method} {path} answers {status} {location}".rstrip()
            )

    for name, route, _pattern in url_patterns():
        who = classification_of(name, route)
        if who is None:
            continue  # test_every_url_pattern_is_classified names it
        cache.clear()
        with transaction.atomic():
            try:
                if who == BACKOFFICE:
                    target = Target()
                    path = backoffice_path(route)
                    for role in KEPT_OUT[who]:
                        check(name, who, role, path, want_in=False)
                    if name == "admin:index":
                        check(name, who, LET_IN[who], path, want_in=True)
                    continue
                access = ACCESS[name]
                target = TARGETS[access.target](world) if access.target else Target()
                path = reverse(name, kwargs=target.kwargs) + target.query
                for role in KEPT_OUT[who]:
                    check(name, who, role, path, want_in=False, target=target)
                if who == TOKEN:
                    for role in ("anonymous", "participant", "org_admin"):
                        status, location, method, content = ask(path, people[role])
                        if not token_refused(path, status, location, content):
                            failures.append(
                                f"{name} (token): {role} with a wrong secret gets in: {method} {path} {status}"
                            )
                    continue
                check(name, who, access.allowed or LET_IN[who], path, want_in=True, target=target)
                if who in FOLLOW_PUBLICATION and target.hide is not None:
                    with transaction.atomic():
                        target.hide()
                        for role in ("anonymous", "participant", "other_org_admin"):
                            status, location, method, _content = ask(path, people[role], target.post)
                            if status not in {403, 404}:
                                failures.append(
                                    f"{name} ({who}): with its item hidden, {role} must get 404 (or 403), "
                                    f"but {method} {path} answers {status} {location}".rstrip()
                                )
                        transaction.set_rollback(True)
                if who in FOLLOW_PUBLICATION:
                    for part in ("module", "process", "event"):
                        obj = getattr(target, part)
                        if obj is None:
                            continue
                        with transaction.atomic():
                            type(obj).objects.filter(pk=obj.pk).update(is_published=False)
                            # Public data answers everyone alike: the team gets no more than a visitor.
                            roles = ["anonymous", "participant", "other_org_admin"]
                            if who == PUBLIC_DATA:
                                roles += ["org_admin", "platform_admin"]
                            for role in roles:
                                status, location, method, _content = ask(path, people[role], target.post)
                                if status != 404:
                                    failures.append(
                                        f"{name} ({who}): with its {part} unpublished, {role} must get 404, "
                                        f"but {method} {path} answers {status} {location}".rstrip()
                                    )
                            if not access.action and who != PUBLIC_DATA:
                                check(name, who, "org_admin", path, want_in=True, note=f", {part} unpublished")
                            transaction.set_rollback(True)
            finally:
                transaction.set_rollback(True)
    assert not failures, f"{len(failures)} answers differ from ACCESS:\n" + "\n".join(failures)


def token_refused(path: str, status: int, location: str, content: bytes) -> bool:
    """A wrong secret gets 403/404/410, a redirect elsewhere (to the join page), or a page without a form
    that acts (django-allauth answers a wrong key with its "link invalid" page)."""
    if status in {403, 404, 410}:
        return True
    if status in {301, 302, 303}:
        return location.split("?")[0] != path.split("?")[0]
    if status == 200:
        forms = re.findall(rb"<form[^>]*>", content)
        return not any(b'method="post"' in form.lower() and b"/i18n/" not in form and b"logout" not in form
                       for form in forms)  # fmt: skip
    return False
