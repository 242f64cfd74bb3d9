import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """django-allauth counts attempts in the cache; every test starts with none."""
    cache.clear()
    yield
    cache.clear()
