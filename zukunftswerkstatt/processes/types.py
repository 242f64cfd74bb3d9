"""The built-in phase types, the information module and the default blueprint.

The five phases follow the federal model programme "Zukunftswerkstatt Kommunen":
Kick-off, Kommunalprofil, Zukunftswerkstatt, Werkstattplan, Zwischenbilanz.
Feature apps (ideas, events, plans, …) register their own module types.
"""

from django.utils.translation import gettext_lazy as _

from .registry import Blueprint, BlueprintPhase, ModuleType, PhaseType, registry

KICKOFF = registry.register_phase_type(
    PhaseType(
        identifier="kickoff",
        name=_("Kick-off"),
        purpose=_(
            "The opening event brings as many people, clubs, businesses and institutions as possible "
            "on board and explains how the process works."
        ),
        produces=_("People and parties on board, and a shared understanding of the process."),
        participation=_(
            "Come to the kick-off event, find out about the process and sign up if you want to take part actively."
        ),
        features=frozenset({"events", "signup"}),
    )
)
PROFILE = registry.register_phase_type(
    PhaseType(
        identifier="profile",
        name=_("Municipal profile"),
        purpose=_(
            "A shared picture of where the towns stand: what already exists, strengths, weaknesses, "
            "opportunities and threats, and how the population is changing."
        ),
        produces=_("An inventory of existing measures and projects, a SWOT analysis and demographic figures."),
        participation=_(
            "Read the municipal profile, comment on it and tell us about projects and offers we have missed."
        ),
        features=frozenset({"inventory", "swot", "demography", "comment"}),
    )
)
WORKSHOP = registry.register_phase_type(
    PhaseType(
        identifier="workshop",
        name=_("Future workshop"),
        purpose=_(
            "Everyone brings in criticism, visions and concrete proposals, online and in the room, "
            "in the three steps of the future-workshop method."
        ),
        produces=_("Collected and grouped ideas: criticism, visions and proposals."),
        participation=_(
            "Say what bothers you, describe how it should be and propose what we can do – online, "
            "at a workshop, by phone or by letter."
        ),
        features=frozenset({"contribute", "comment", "support", "events"}),
    )
)
ACTION_PLAN = registry.register_phase_type(
    PhaseType(
        identifier="action_plan",
        name=_("Action plan"),
        purpose=_(
            "The ideas become measures with people responsible, time frames and budgets, "
            "prioritised together with citizens."
        ),
        produces=_("The action plan (Werkstattplan): a binding implementation strategy."),
        participation=_("Help decide which measures come first and offer to help with one."),
        features=frozenset({"prioritise", "comment", "volunteer"}),
    )
)
REVIEW = registry.register_phase_type(
    PhaseType(
        identifier="review",
        name=_("Interim review"),
        purpose=_(
            "Half-way through, we look at what became of each idea and measure, what helped and what got "
            "in the way, and how to continue."
        ),
        produces=_("The interim review report for the council and the public."),
        participation=_("See what became of your idea, rate how the measures are going and comment."),
        features=frozenset({"rate", "comment", "events"}),
    )
)

INFORMATION = registry.register_module_type(
    ModuleType(
        identifier="information",
        name=_("Information page"),
        description=_("A page of text that explains something about this phase."),
    )
)

DEFAULT_BLUEPRINT = registry.register_blueprint(
    Blueprint(
        identifier="zukunftswerkstatt",
        name=_("Future workshop for municipalities (five phases)"),
        description=_(
            "Kick-off, municipal profile, future workshop, action plan and interim review, "
            "as in the federal model programme."
        ),
        phases=(
            BlueprintPhase("kickoff", weeks=2),
            BlueprintPhase("profile", weeks=10),
            BlueprintPhase("workshop", weeks=12),
            BlueprintPhase("action_plan", weeks=12),
            BlueprintPhase("review", weeks=8),
        ),
    )
)
