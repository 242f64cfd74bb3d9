from django.contrib.admin.apps import AdminConfig


class BackofficeAdminConfig(AdminConfig):
    """Django's admin app, with our organisation-scoped site as the default site."""

    default_site = "zukunftswerkstatt.accounts.admin_site.BackofficeSite"
