"""The back office for corrections: a typo in a progress entry, a wrong measured value, a rating
comment that must not be published. Everyday work happens on the progress pages (services)."""

from django.contrib import admin

from zukunftswerkstatt.accounts.admin_site import OrganisationScopedAdmin

from .models import Indicator, IndicatorValue, ProgressUpdate, Rating, ReviewRound


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(OrganisationScopedAdmin):
    organisation_lookup = "measure__process__organisation_id"
    change_permission = "progress.manage_review"
    list_display = ["measure", "date", "status", "percent_complete", "author"]
    list_select_related = ["measure", "author"]
    search_fields = ["text", "measure__title"]
    date_hierarchy = "date"
    # Status and percentage changed the measure (and its history); they are not edited here.
    readonly_fields = ["measure", "status", "percent_complete", "author"]
    fields = ["measure", "date", "text", "image", "image_alt", "status", "percent_complete", "author"]

    def has_add_permission(self, request) -> bool:
        return False


class IndicatorValueInline(admin.TabularInline):
    model = IndicatorValue
    extra = 0
    fields = ["date", "value", "note"]

    def has_view_permission(self, request, obj=None) -> bool:
        return obj is None or request.user.has_perm("progress.manage_review", obj)

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


@admin.register(Indicator)
class IndicatorAdmin(OrganisationScopedAdmin):
    organisation_lookup = "measure__process__organisation_id"
    change_permission = "progress.manage_review"
    list_display = ["name", "measure", "unit", "baseline_value", "target_value", "target_date"]
    list_select_related = ["measure"]
    search_fields = ["name", "measure__title"]
    readonly_fields = ["measure"]
    inlines = [IndicatorValueInline]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(ReviewRound)
class ReviewRoundAdmin(OrganisationScopedAdmin):
    organisation_lookup = "process__organisation_id"
    change_permission = "progress.manage_review"
    list_display = ["title", "process", "opens_at", "closes_at"]
    list_select_related = ["process"]
    readonly_fields = ["process", "opened_by"]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Rating)
class RatingAdmin(OrganisationScopedAdmin):
    """Coordinators may empty a comment that must not be published, or delete a rating."""

    organisation_lookup = "review_round__process__organisation_id"
    change_permission = "progress.manage_review"
    list_display = ["measure", "review_round", "score", "comment", "modified"]
    list_filter = ["score"]
    list_select_related = ["measure", "review_round"]
    search_fields = ["comment", "measure__title"]
    readonly_fields = ["review_round", "measure", "user", "score"]
    fields = ["review_round", "measure", "user", "score", "comment"]

    def has_add_permission(self, request) -> bool:
        return False
