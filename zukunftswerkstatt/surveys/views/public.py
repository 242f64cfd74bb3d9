"""Survey views: public (docs/surveys.md)."""

urlpatterns: list = []
