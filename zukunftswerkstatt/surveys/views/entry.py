"""Survey views: entry (docs/surveys.md)."""

urlpatterns: list = []
