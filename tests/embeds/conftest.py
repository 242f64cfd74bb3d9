from tests.api.conftest import _english_api, guest_module, ideas_module, target_groups, topics, workshop  # noqa: F401
