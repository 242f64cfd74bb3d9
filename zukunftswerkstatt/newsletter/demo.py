"""The newsletter part of the Göltzschtal demo (running round): subscribers by e-mail (most
confirmed, two waiting for confirmation, one unsubscribed), three postal subscribers entered by the
town halls with consent, one issue sent ten days ago (in the archive) and a draft. No mail is sent
while loading: the sent issue's deliveries are recorded as queued."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from zukunftswerkstatt.processes.demo_context import DemoContext

from . import services
from .models import Delivery, Issue, IssueStatus, Subscription

AUERBACH, FALKENSTEIN, RODEWISCH, ELLEFELD = "14523020", "14523120", "14523360", "14523090"

READERS = [
    ("anke.vogel", [AUERBACH]),
    ("bernd.roth", []),
    ("claudia.meier", [FALKENSTEIN]),
    ("dieter.lang", [ELLEFELD]),
    ("elke.schubert", []),
    ("frank.wolf", [RODEWISCH]),
    ("gisela.kraus", [AUERBACH, ELLEFELD]),
    ("heiko.beyer", []),
    ("ines.hahn", [FALKENSTEIN]),
    ("jana.seidel", []),
]
POSTAL = [
    (
        "Erna Schulz",
        "Lindenstraße 4\n08209 Auerbach/Vogtl.",
        "Anmeldeformular im Bürgerbüro Auerbach unterschrieben, entgegengenommen von Frau Keller",
        [AUERBACH],
    ),
    (
        "Werner Fischer",
        "Am Bahnhof 12\n08223 Falkenstein/Vogtl.",
        "Telefonisch zugestimmt, Rückruf durch das Rathaus Falkenstein, notiert von Herrn Franke",
        [FALKENSTEIN],
    ),
    (
        "Seniorentreff Ellefeld",
        "z. Hd. Frau Richter\nHauptstraße 30\n08236 Ellefeld",
        "Schriftliche Einwilligung der Leiterin beim Seniorennachmittag",
        [],
    ),
]


def load(ctx: DemoContext) -> None:
    if ctx.process.slug != "attraktiv-im-wandel":
        return
    now = timezone.now()
    day = dt.timedelta(days=1)
    staff = ctx.people.get("koordination")
    for number, (name, towns) in enumerate(READERS):
        subscription = Subscription.objects.create(
            process=ctx.process,
            email=f"{name}@example.org",
            language="de",
            confirmation_sent_at=now - (60 - number) * day,
            confirmed_at=now - (59 - number) * day,
        )
        subscription.towns.set([ctx.towns[key] for key in towns])
    for name in ("karl.neumann", "lisa.franke"):
        Subscription.objects.create(process=ctx.process, email=f"{name}@example.org", confirmation_sent_at=now - day)
    Subscription.objects.create(
        process=ctx.process,
        email="martin.busch@example.org",
        confirmation_sent_at=now - 50 * day,
        confirmed_at=now - 50 * day,
        unsubscribed_at=now - 5 * day,
    )
    for name, address, consent, towns in POSTAL:
        services.postal_subscription_create(
            process=ctx.process,
            name=name,
            address=address,
            consent_note=consent,
            towns=[ctx.towns[key] for key in towns],
            entered_by=staff,
        )

    sent = Issue.objects.create(
        process=ctx.process,
        subject="Zukunftswerkstatt: jetzt mitdiskutieren",
        body=(
            "Liebe Leserinnen und Leser,\n\n"
            "die Zukunftswerkstatt läuft. Auf der Pinnwand sammeln wir Ideen für die vier Städte. "
            "Machen Sie mit – online, am Telefon oder bei einer der Veranstaltungen unten.\n\n"
            "Ihr Team der Zukunftswerkstatt"
        ),
        include_progress=False,
        created_by=staff,
    )
    # Sent ten days ago at ten in the morning (not at whatever hour the demo is loaded).
    sent_at = timezone.localtime(now).replace(hour=10, minute=0, second=0, microsecond=0) - 10 * day
    text, html = services.issue_render(issue=sent, now=sent_at)
    active = list(services.recipients(issue=sent).filter(confirmed_at__lt=sent_at))
    Issue.objects.filter(pk=sent.pk).update(
        status=IssueStatus.SENT,
        sent_text=text,
        sent_html=html,
        send_started_at=sent_at,
        sent_at=sent_at,
        recipients_total=len(active),
        posted_on=(now - 9 * day).date(),
    )
    Delivery.objects.bulk_create([Delivery(issue=sent, subscription=s) for s in active])
    Issue.objects.create(
        process=ctx.process,
        subject="Neue Termine im Göltzschtal",
        body="Die nächsten Termine der Zukunftswerkstatt auf einen Blick.",
        include_phase=True,
        include_events=True,
        created_by=staff,
    )
