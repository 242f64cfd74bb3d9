"""The Leichte-Sprache part of the Göltzschtal demo: the five pages and a sentence for each phase
still to come or running, written in Leichte Sprache (short sentences, one statement each, a
Mediopunkt in long words, no abbreviations). Called for each round; the pages are written once."""

from __future__ import annotations

from django.utils import timezone

from zukunftswerkstatt.processes.demo_context import DemoContext

from . import services
from .models import EasyReadPage
from .pictures import demo_picture

Kind = EasyReadPage.Kind

PAGES: dict[str, tuple[str, str]] = {
    Kind.PLATFORM: (
        "Was ist die Zukunfts·werkstatt?",
        """Im Göltzschtal leben viele Menschen.
Es gibt immer mehr alte Menschen.
Es gibt immer weniger junge Menschen.
Das nennt man: demo·grafischer Wandel.

Wir wollen: Das Göltzschtal ist gut für alle Menschen.

- für junge Menschen
- für alte Menschen
- für Familien

Dafür gibt es die **Zukunfts·werkstatt**.
Die Zukunfts·werkstatt ist eine Internet·seite.
Es gibt auch Treffen in den Orten.

Bei der Zukunfts·werkstatt können Sie sagen:

- Das gefällt mir im Göltzschtal.
- Das stört mich.
- Das wünsche ich mir.

Die Städte und Gemeinden lesen alles.
Sie bekommen eine Antwort.

## Diese Orte machen mit

- Auerbach im Vogtland
- Ellefeld
- Falkenstein im Vogtland
- Rodewisch

Die 4 Orte arbeiten zusammen.
Sie heißen zusammen: Städte·verbund Göltzschtal.""",
    ),
    Kind.STEPS: (
        "Die Zukunfts·werkstatt in 5 Schritten",
        """Die Zukunfts·werkstatt hat 5 Schritte.
Bei jedem Schritt können Sie mit·machen.

## Schritt 1: Der Anfang

Es gibt ein großes Treffen.
Wir erklären die Zukunfts·werkstatt.
Alle Menschen können kommen.

## Schritt 2: Wie ist es jetzt?

Wir schauen genau hin.
Wie viele Menschen wohnen in den Orten?
Was gibt es schon in den Orten?
Zum Beispiel: Vereine, Busse und Ärzte.

## Schritt 3: Ideen sammeln

Jetzt sind Sie gefragt.
Sie können sagen:

- Das stört mich.
- Das wünsche ich mir.
- Das können wir machen.

Sie können Ihre Idee auf·schreiben.
Sie können auch zu einem Treffen kommen.

## Schritt 4: Der Plan

Wir suchen die besten Ideen aus.
Sie können mit·bestimmen.
Dann schreiben wir einen Plan.
Die Stadt·räte stimmen über den Plan ab.

## Schritt 5: Was ist passiert?

Nach einiger Zeit schauen wir wieder hin.
Was hat geklappt?
Was hat nicht geklappt?
Sie können uns Ihre Meinung sagen.""",
    ),
    Kind.TAKE_PART: (
        "So können Sie mit·machen",
        """Sie können auf 4 Wegen mit·machen.
Sie brauchen kein Internet.
Sie brauchen keinen Computer.

## Im Internet

Gehen Sie auf die Internet·seite der Zukunfts·werkstatt.
Dort können Sie Ihre Idee schreiben.
Sie können dort auch die Ideen von anderen Menschen lesen.

## Am Telefon

Rufen Sie uns an.
Sagen Sie uns Ihre Idee.
Wir schreiben Ihre Idee für Sie auf.

## Mit einem Brief

Schreiben Sie uns einen Brief.
Wir schreiben Ihre Idee in die Zukunfts·werkstatt.
Wir schicken Ihnen eine Antwort mit der Post.

## Persönlich

Kommen Sie zu uns in die Stadt·verwaltung Auerbach.
Oder kommen Sie zu einem Treffen.
Wir helfen Ihnen gerne.

Unten steht: So erreichen Sie uns.""",
    ),
    Kind.PRIVACY: (
        "Daten·schutz",
        """Sie schreiben uns etwas.
Dann speichern wir Ihre Daten.
Daten sind zum Beispiel:

- Ihr Name
- Ihre E-Mail-Adresse
- Ihre Idee

Wir brauchen die Daten für die Zukunfts·werkstatt.
Wir geben Ihre Daten nicht an Firmen.
Wir verkaufen Ihre Daten nicht.
Auf der Internet·seite gibt es keine Werbung.

Alle Menschen können Ihre Idee lesen.
Ihren Namen zeigen wir nur mit Ihrer Erlaubnis.

Sie können uns fragen: Welche Daten haben Sie von mir?
Sie können uns sagen: Bitte löschen Sie meine Daten.
Dann löschen wir Ihre Daten.""",
    ),
    Kind.ACCESSIBILITY: (
        "Barriere·freiheit",
        """Die Internet·seite soll für alle Menschen gut sein.
Das gilt auch für Menschen mit Behinderung.

## Das ist gut

- Sie können die Schrift größer machen.
- Sie können alles mit der Tastatur machen.
- Ein Vorlese·programm kann die Seite vorlesen.
- Es gibt Seiten in Leichter Sprache.

## Das ist noch nicht gut

- Manche Texte sind noch schwer.
- Manche Dateien zum Herunter·laden sind noch nicht barriere·frei.

## Sie finden einen Fehler?

Dann sagen Sie es uns bitte.
Wir machen die Seite dann besser.""",
    ),
}

# What a person can do while a phase runs, by phase type.
SENTENCES = {
    "kickoff": "Wir fangen an.\nKommen Sie zum ersten Treffen.\nDort erklären wir alles.",
    "profile": "Wir schauen: Wie ist es jetzt im Göltzschtal?\nFehlt etwas in unserer Liste?\nDann sagen Sie es uns.",
    "workshop": (
        "Jetzt sammeln wir Ideen.\nWas stört Sie im Göltzschtal?\nWas wünschen Sie sich?\n"
        "Schreiben Sie Ihre Idee auf.\nOder kommen Sie zum nächsten Treffen."
    ),
    "action_plan": "Jetzt machen wir den Plan.\nSie können sagen: Diese Idee ist mir wichtig.\nDafür haben Sie Punkte.",
    "review": (
        "Jetzt schauen wir zurück.\nWas ist aus den Ideen geworden?\nSie können sagen: Das finde ich gut.\n"
        "Oder: Das finde ich nicht gut."
    ),
}


# What each picture shows (pictures.py), in Leichte Sprache.
PICTURE_ALT = {
    Kind.PLATFORM: "Drei Menschen stehen vor einem Haus.",
    Kind.STEPS: "Eine Treppe mit 5 Stufen. Auf den Stufen stehen die Zahlen 1 bis 5.",
    Kind.TAKE_PART: "Ein Brief und ein Telefon.",
    Kind.PRIVACY: "Ein Schloss.",
}


def load(ctx: DemoContext) -> None:
    if not EasyReadPage.objects.filter(organisation=ctx.organisation).exists():
        for position, (kind, (title, body)) in enumerate(PAGES.items()):
            services.easyread_page_save(
                organisation=ctx.organisation,
                kind=kind,
                title=title,
                body=body,
                is_published=True,
                position=position,
                image=demo_picture(kind),
                image_alt=PICTURE_ALT.get(kind, ""),
            )
    now = timezone.now()
    for phase_type, phase in ctx.phases.items():
        if phase.end > now and phase_type in SENTENCES:
            services.phase_sentence_save(phase=phase, text=SENTENCES[phase_type])
