from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "zukunftswerkstatt.surveys"
    label = "surveys"
    verbose_name = _("Surveys")

    def ready(self) -> None:
        from zukunftswerkstatt.processes.registry import CallToAction, ModuleType, registry

        from .document import register_document_section
        from .services import survey_input_closed, survey_module_open

        registry.register_module_type(
            ModuleType(
                identifier="survey",
                name=_("Survey"),
                description=_(
                    "A questionnaire answered online, on paper and by phone, with results per town and age group."
                ),
                features=frozenset({"answer"}),
                url_name="surveys:module",
                input_closed=survey_input_closed,
                team_permission="core.view_organisation_backoffice",
                call_to_action=CallToAction(
                    label=_("Answer the survey"),
                    url_name="surveys:answer",
                    is_open=survey_module_open,
                ),
            )
        )
        register_document_section()
