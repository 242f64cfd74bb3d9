"""Survey views: results (docs/surveys.md)."""

urlpatterns: list = []
