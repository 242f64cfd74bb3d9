"""Survey views: builder (docs/surveys.md)."""

urlpatterns: list = []
