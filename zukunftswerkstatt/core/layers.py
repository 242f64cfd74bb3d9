"""The order of the apps, low to high: an app may import, link to or include only itself and the
apps before it. This list is the one place the order is written; docs/architecture.md quotes it
("Layers") and tests/test_layering.py checks every import, model reference and template against it.

core and accounts hold what every app shares (organisations, people, roles, the back office);
notifications is a service the feature apps call; conversation (comments, their reports, blocks) serves
every content app; processes carries the registry through which
later apps plug into earlier ones (phase and module types, main actions, evidence sources). The
feature apps follow in the order of the participation process; demo, which builds the story from
all of them, comes last."""

LAYERS: tuple[str, ...] = (
    "core",
    "accounts",
    "notifications",
    "processes",
    "conversation",
    "events",
    "inventory",
    "demography",
    "swot",
    "reports",
    "ideas",
    "workshops",
    "plans",
    "themes",
    "progress",
    "surveys",
    "participation",
    "newsletter",
    "handouts",
    "easyread",
    "api",
    "opendata",
    "feeds",
    "embeds",
    "demo",
)
