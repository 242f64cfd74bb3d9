from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from . import services
from .forms import NotificationSettingsForm
from .models import Topic


@login_required
@require_http_methods(["GET", "POST"])
def settings_view(request: HttpRequest) -> HttpResponse:
    row = services.notification_settings_for(request.user)
    if request.method == "POST":
        form = NotificationSettingsForm(request.POST)
        if form.is_valid():
            services.notification_settings_update(user=request.user, **form.cleaned_data)
            messages.success(request, _("Your e-mail settings have been saved."))
            return redirect("notifications:settings")
    else:
        form = NotificationSettingsForm(initial={topic: row.wants(topic) for topic in Topic.values})
    return render(request, "notifications/settings.html", {"form": form})


# One click from the e-mail: mail programs send a POST without a CSRF token (RFC 8058);
# the signed token is the protection. A GET only shows the confirmation button.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    data = services.unsubscribe_read(token)
    if data is None:
        raise Http404
    user_id, topic = data
    done = False
    if request.method == "POST":
        services.unsubscribe(user_id=user_id, topic=topic)
        done = True
    return render(
        request, "notifications/unsubscribe.html", {"topic_label": Topic(topic).label, "done": done, "token": token}
    )
