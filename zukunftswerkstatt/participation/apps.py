from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "zukunftswerkstatt.participation"
    label = "participation"
    verbose_name = _("Who took part")

    def ready(self) -> None:
        from zukunftswerkstatt.processes.registry import DocumentSection, registry

        from .document import section_context, section_docx

        registry.register_document_section(
            DocumentSection(
                key="participation",
                title=_("Who took part"),
                documents=frozenset({"profile", "plan", "review"}),
                context=section_context,
                template="participation/_document_section.html",
                docx=section_docx,
            )
        )
