from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from zukunftswerkstatt.accounts import views as accounts_views
from zukunftswerkstatt.api.api import api as read_api
from zukunftswerkstatt.core.views import csp_report, healthz, live_stream

handler500 = "zukunftswerkstatt.core.views.server_error"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("csp-report", csp_report, name="csp_report"),
    path("live/<str:ticket>/", live_stream, name="live_stream"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("accounts/", include("zukunftswerkstatt.accounts.urls")),
    path("i18n/setlang/", accounts_views.set_language, name="set_language"),
    path("events/", include("zukunftswerkstatt.events.urls")),
    path("inventory/", include("zukunftswerkstatt.inventory.urls")),
    path("swot/", include("zukunftswerkstatt.swot.urls")),
    path("demography/", include("zukunftswerkstatt.demography.urls")),
    path("profile-document/", include("zukunftswerkstatt.reports.urls")),
    path("ideas/", include("zukunftswerkstatt.ideas.urls")),
    path("workshops/", include("zukunftswerkstatt.workshops.urls")),
    path("plans/", include("zukunftswerkstatt.plans.urls")),
    path("themes/", include("zukunftswerkstatt.themes.urls")),
    path("progress/", include("zukunftswerkstatt.progress.urls")),
    path("surveys/", include("zukunftswerkstatt.surveys.urls")),
    path("participation/", include("zukunftswerkstatt.participation.urls")),
    path("newsletter/", include("zukunftswerkstatt.newsletter.urls")),
    path("handouts/", include("zukunftswerkstatt.handouts.urls")),
    path("leichte-sprache/", include("zukunftswerkstatt.easyread.urls")),
    # The read API's version 1 (its own namespace "api-v1", from django-ninja) and its pages for people.
    path("api/v1/", read_api.urls),
    path("api/", include("zukunftswerkstatt.api.urls")),
    path("open-data/", include("zukunftswerkstatt.opendata.urls")),
    path("feeds/", include("zukunftswerkstatt.feeds.urls")),
    path("embed/", include("zukunftswerkstatt.embeds.urls")),
    path("notifications/", include("zukunftswerkstatt.notifications.urls")),
    path("", include("zukunftswerkstatt.processes.urls")),
    path("", include("zukunftswerkstatt.core.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
