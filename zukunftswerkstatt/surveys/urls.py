"""The survey pages (docs/surveys.md). Each part of the app lists its own addresses in its views
module: answering (public), building (builder), paper and phone (entry), results (results)."""

from .views import builder, entry, public, results

app_name = "surveys"

urlpatterns = [*public.urlpatterns, *builder.urlpatterns, *entry.urlpatterns, *results.urlpatterns]
