from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdeasConfig(AppConfig):
    name = "zukunftswerkstatt.ideas"
    label = "ideas"
    verbose_name = _("Contributions")

    def ready(self) -> None:
        from zukunftswerkstatt.processes.registry import CallToAction, ModuleType, registry
        from zukunftswerkstatt.swot.evidence import ContributionSource, register_contributions

        from .forms import IdeaModuleSettingsForm
        from .selectors import citable_contributions, contributions_process_and_published, published_contributions
        from .services import open_kinds

        _register_commentable()
        # Staff cite published contributions as evidence of SWOT items (swot comes first, see swot/evidence.py).
        register_contributions(
            ContributionSource(
                published=published_contributions,
                citable=citable_contributions,
                process_and_published=contributions_process_and_published,
            )
        )

        registry.register_module_type(
            ModuleType(
                identifier="ideas",
                name=_("Idea collection"),
                description=_(
                    "Criticism, visions and proposals from everyone, online and offline, with comments and supports."
                ),
                phase_types=frozenset({"workshop", "profile", "action_plan"}),
                features=frozenset({"contribute", "comment", "support"}),
                url_name="ideas:list",
                # An unpublished idea collection is prepared by those who moderate it.
                team_permission="ideas.moderate",
                settings_form=IdeaModuleSettingsForm,
                call_to_action=CallToAction(
                    label=_("Write down your idea"),
                    url_name="ideas:create",
                    is_open=lambda module, now: bool(open_kinds(module)),
                ),
            )
        )


def _register_commentable() -> None:
    from zukunftswerkstatt.conversation.registry import Commentable
    from zukunftswerkstatt.conversation.registry import registry as conversation
    from zukunftswerkstatt.core.models import AuditAction

    from .models import Idea
    from .services import comment_created, comment_label, comment_moderated

    conversation.register(
        Commentable(
            model=Idea,
            perm_comment="ideas.comment_idea",
            perm_report="ideas.report",
            perm_moderate="ideas.moderate",
            perm_change="ideas.change_comment",
            rate_limit_group="ideas.comment",
            replies=True,
            audit_hidden=AuditAction.COMMENT_HIDDEN,
            audit_restored=AuditAction.COMMENT_RESTORED,
            audit_label=comment_label,
            moderation_object=lambda idea: idea.module,
            after_create=comment_created,
            after_moderation=comment_moderated,
        )
    )
