from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SwotConfig(AppConfig):
    name = "zukunftswerkstatt.swot"
    label = "swot"
    verbose_name = _("SWOT analysis")

    def ready(self) -> None:
        from zukunftswerkstatt.processes.registry import CallToAction, InputWindow, ModuleType, registry

        from .forms import SwotModuleSettingsForm
        from .rules import input_closed

        _register_commentable()

        registry.register_module_type(
            ModuleType(
                identifier="swot",
                name=_("SWOT analysis"),
                description=_(
                    "Strengths, weaknesses, opportunities and threats of the association and of each town, "
                    "with their evidence; citizens comment and suggest items."
                ),
                phase_types=frozenset({"profile"}),
                features=frozenset({"comment", "suggest"}),
                # Open after the Kommunalprofil too, so that it can be discussed in the future workshop.
                input_window=InputWindow.UNTIL_CLOSED,
                input_closed=input_closed,
                url_name="swot:matrix",
                team_permission="swot.manage",
                call_to_action=CallToAction(label=_("Comment on the SWOT analysis"), url_name="swot:matrix"),
                settings_form=SwotModuleSettingsForm,
            )
        )


def _register_commentable() -> None:
    from django.utils.translation import gettext

    from zukunftswerkstatt.conversation.registry import Commentable
    from zukunftswerkstatt.conversation.registry import registry as conversation
    from zukunftswerkstatt.core.models import AuditAction

    from .models import SwotItem

    conversation.register(
        Commentable(
            model=SwotItem,
            perm_comment="swot.comment_item",
            perm_report="swot.report_comment",
            perm_moderate="swot.moderate",
            rate_limit_group="swot.comment",
            audit_hidden=AuditAction.SWOT_COMMENT_HIDDEN,
            audit_restored=AuditAction.SWOT_COMMENT_RESTORED,
            audit_label=lambda item: gettext("Comment on “%(title)s”") % {"title": item.statement},
            moderation_object=lambda item: item.module,
        )
    )
