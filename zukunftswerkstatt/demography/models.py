"""Population figures per member town, the import batches they came from, and projections.

Every figure keeps its source and reference date through its import batch; every row knows
its organisation directly.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zukunftswerkstatt.core.models import Municipality, Organisation

MAX_AGE = 100
"""The highest single year of age stored; 100 means “100 and older”."""


class Sex(models.TextChoices):
    MALE = "m", _("male")
    FEMALE = "f", _("female")
    TOTAL = "t", _("total (not split by sex)")


class ImportFormat(models.TextChoices):
    REGIONAL_CLASSIC = "rdb_classic", _("Regionaldatenbank 12411-02-03-5, classic CSV")
    REGIONAL_FLAT = "rdb_flat", _("Regionaldatenbank/GENESIS 12411-02-03-5, long flat CSV (ffcsv)")
    AGE_TEMPLATE = "age_template", _("Template: population by single year of age (CSV/XLSX)")
    MOVEMENT_TEMPLATE = "movement_template", _("Template: births, deaths and moves per year (CSV/XLSX)")
    GENESIS_TABLE = (
        "genesis_table",
        _(
            "GENESIS table: Statistik Sachsen time series by municipality (e.g. 12410-010Z population on 30 June, "
            "12613-010Z deaths) or a table without split by sex (e.g. 12411-0017)"
        ),
    )
    DEMO = "demo", _("Demo data")


class ImportBatch(models.Model):
    """One imported file: where its figures come from, who imported them and when."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="demography_batches", verbose_name=_("organisation")
    )
    format = models.CharField(_("format"), max_length=30, choices=ImportFormat.choices)
    source = models.CharField(
        _("source"),
        max_length=500,
        help_text=_("Who published the figures, e.g. “Statistisches Landesamt Sachsen, table 12411-02-03-5”."),
    )
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    is_illustrative = models.BooleanField(
        _("illustrative"),
        default=False,
        help_text=_("The figures are not from an official source and are shown with a note saying so."),
    )
    note = models.TextField(_("note"), blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    imported_at = models.DateTimeField(_("imported at"))
    row_count = models.PositiveIntegerField(_("figures"), default=0)

    class Meta:
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")
        ordering = ["-imported_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.file_name or self.get_format_display()} ({self.imported_at:%d.%m.%Y})"


class PopulationCount(models.Model):
    """Inhabitants of one town on a reference date, by sex and single year of age or age group.

    Files without a split by sex store sex TOTAL ("t"); files without ages store one figure per sex
    from age 0 with an open end (age_from 0, age_to empty: the town's total). A town and year has
    either men and women or totals, never both (the importers check this).
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="population_counts", verbose_name=_("town")
    )
    batch = models.ForeignKey(
        ImportBatch, on_delete=models.CASCADE, related_name="population_counts", verbose_name=_("import batch")
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(1800), MaxValueValidator(2200)])
    reference_date = models.DateField(_("reference date"))
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    age_from = models.PositiveSmallIntegerField(_("age from"), validators=[MaxValueValidator(MAX_AGE)])
    age_to = models.PositiveSmallIntegerField(
        _("age to"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_AGE)],
        help_text=_("Inclusive; empty means “and older”."),
    )
    count = models.PositiveIntegerField(_("inhabitants"))

    class Meta:
        verbose_name = _("population figure")
        verbose_name_plural = _("population figures")
        ordering = ["municipality", "year", "sex", "age_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year", "sex", "age_from"], name="populationcount_unique_cell"
            ),
            models.CheckConstraint(
                condition=Q(age_to__isnull=True) | Q(age_to__gte=models.F("age_from")),
                name="populationcount_age_range_ordered",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "year"], name="popcount_org_year")]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.year} {self.sex} {self.age_from}: {self.count}"


class Movement(models.Model):
    """Births, deaths, moves in and out of one town in one calendar year, as far as one file gives them.

    A town and year may have several rows from different files (deaths from one table, births from
    another); each measure comes from at most one of them, and the readers merge them.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="movements", verbose_name=_("town")
    )
    batch = models.ForeignKey(
        ImportBatch, on_delete=models.CASCADE, related_name="movements", verbose_name=_("import batch")
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(1800), MaxValueValidator(2200)])
    births = models.PositiveIntegerField(_("live births"), null=True, blank=True)
    deaths = models.PositiveIntegerField(_("deaths"), null=True, blank=True)
    moves_in = models.PositiveIntegerField(_("moves in"), null=True, blank=True)
    moves_out = models.PositiveIntegerField(_("moves out"), null=True, blank=True)

    class Meta:
        verbose_name = _("yearly movement")
        verbose_name_plural = _("yearly movements")
        ordering = ["municipality", "year"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "year", "batch"], name="movement_unique_year_per_batch"),
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.year}"


class LifeTable(models.TextChoices):
    DE_2022_24 = "de_2022_24", _("Germany 2022/24 (Destatis 12621-0001)")
    DE_2020_22 = "de_2020_22", _("Germany 2020/22 (Destatis 12621-0001)")


class MigrationProfile(models.TextChoices):
    ROGERS_CASTRO = "rogers_castro", _("Typical age pattern (young adults move most)")
    UNIFORM = "uniform", _("Same share at every age")


class Projection(models.Model):
    """A population projection for the organisation's towns with its assumptions and scenarios."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="demography_projections", verbose_name=_("organisation")
    )
    title = models.CharField(_("title"), max_length=200)
    base_year = models.PositiveSmallIntegerField(
        _("base year"), help_text=_("The year whose population on 31 December the projection starts from.")
    )
    horizon_year = models.PositiveSmallIntegerField(_("horizon year"), default=2040)
    explanation = models.TextField(
        _("explanation of the assumptions"), help_text=_("Why these assumptions? Shown with the results.")
    )
    life_table = models.CharField(
        _("life table"), max_length=20, choices=LifeTable.choices, default=LifeTable.DE_2022_24
    )
    migration_profile = models.CharField(
        _("age pattern of migration"),
        max_length=20,
        choices=MigrationProfile.choices,
        default=MigrationProfile.ROGERS_CASTRO,
    )
    is_published = models.BooleanField(_("shown on the dashboard"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    computed_at = models.DateTimeField(_("computed at"), null=True, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    modified = models.DateTimeField(_("modified"), auto_now=True)

    class Meta:
        verbose_name = _("population projection")
        verbose_name_plural = _("population projections")
        ordering = ["-created", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(horizon_year__gt=models.F("base_year")), name="projection_horizon_after_base"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Scenario(models.Model):
    """One variant of a projection: fertility, mortality and migration assumptions."""

    projection = models.ForeignKey(
        Projection, on_delete=models.CASCADE, related_name="scenarios", verbose_name=_("projection")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    total_fertility_rate = models.DecimalField(
        _("total fertility rate"),
        max_digits=4,
        decimal_places=2,
        help_text=_("Children per woman, between 0.5 and 3.0 (Germany 2023: 1.35)."),
    )
    net_migration_per_1000 = models.DecimalField(
        _("net migration per 1,000 inhabitants per year"),
        max_digits=5,
        decimal_places=1,
        help_text=_("Moves in minus moves out per 1,000 inhabitants; between −100 and +100."),
    )
    mortality_decline_percent = models.DecimalField(
        _("yearly fall in mortality (%)"),
        max_digits=3,
        decimal_places=1,
        default=0,
        help_text=_("Death rates fall by this percentage every year (0 to 3)."),
    )

    class Meta:
        verbose_name = _("scenario")
        verbose_name_plural = _("scenarios")
        ordering = ["projection", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["projection", "name"], name="scenario_unique_name"),
            models.CheckConstraint(
                condition=Q(total_fertility_rate__gte=0.5) & Q(total_fertility_rate__lte=3.0),
                name="scenario_tfr_range",
            ),
            models.CheckConstraint(
                condition=Q(net_migration_per_1000__gte=-100) & Q(net_migration_per_1000__lte=100),
                name="scenario_migration_range",
            ),
            models.CheckConstraint(
                condition=Q(mortality_decline_percent__gte=0) & Q(mortality_decline_percent__lte=3),
                name="scenario_mortality_gain_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ProjectedYear(models.Model):
    """One projected year of one town in one scenario, with its balanced components."""

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="years", verbose_name=_("scenario"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+", verbose_name=_("town"))
    year = models.PositiveSmallIntegerField(_("year"))
    population_start = models.FloatField(_("population on 1 January"))
    births = models.FloatField(_("births"))
    deaths = models.FloatField(_("deaths"))
    net_migration = models.FloatField(_("net migration"))
    population_end = models.FloatField(_("population on 31 December"))
    males = models.JSONField(_("men by age"), default=list)
    females = models.JSONField(_("women by age"), default=list)

    class Meta:
        verbose_name = _("projected year")
        verbose_name_plural = _("projected years")
        ordering = ["scenario", "municipality", "year"]
        constraints = [
            models.UniqueConstraint(fields=["scenario", "municipality", "year"], name="projectedyear_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.scenario_id} {self.municipality_id} {self.year}"
