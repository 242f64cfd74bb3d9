from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdeasConfig(AppConfig):
    name = "zukunftswerkstatt.ideas"
    label = "ideas"
    verbose_name = _("Contributions")

    def ready(self) -> None:
        from zukunftswerkstatt.processes.registry import CallToAction, ModuleType, registry

        from .forms import IdeaModuleSettingsForm
        from .services import open_kinds

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
