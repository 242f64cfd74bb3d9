"""What people do on the platform in a busy week, for locust (run by benchmarks/load_test.py).

Three kinds of simulated people:
- Citizen (most): reads the start page, the process, the idea collection (filters, pages, search),
  contributions, events, the action plan's vote and the interim review; contributes, comments,
  supports, registers for the workshop evening, votes and rates. Each has an account and is
  mostly already signed in (a session made beforehand); one in ten signs in through the form.
- Phone: joins the live board with the join code, polls it every 2 s as the page does, adds cards.
- Projector: polls the projector view every 2 s.

Every write that the platform acknowledges (the redirect or the fragment that says it worked) is
written as one JSON line to LOAD_ACKS, so that the orchestrator can check afterwards that each is in
the database exactly once. Each simulated person comes from an address of their own
(X-Forwarded-For; the platform runs with TRUSTED_PROXY_COUNT=1 as behind its web server).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import threading
import time
import uuid

from locust import HttpUser, between, constant, events, task

TARGETS = json.loads(open(os.environ["LOAD_TARGETS"], encoding="utf-8").read())  # noqa: SIM115
ACKS_PATH = os.environ["LOAD_ACKS"]
REQUESTS_PATH = os.environ.get("LOAD_REQUESTS", "")
_acks_lock = threading.Lock()
_acks_file = open(ACKS_PATH, "a", encoding="utf-8")  # noqa: SIM115
_requests: list[tuple[float, str, int, float]] = []
_people = itertools.count()

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SEARCH_WORDS = ["Bus", "Busse", "Spielplatz", "Ärzte", "Jugend", "Senioren", "Radweg", "Wohnung", "Treffpunkt"]
SORTS = ["newest", "supports", "comments", "random"]


def ack(kind: str, **fields) -> None:
    with _acks_lock:
        _acks_file.write(json.dumps({"kind": kind, "t": time.time(), **fields}) + "\n")
        _acks_file.flush()


@events.request.add_listener
def _record(request_type, name, response_time, response_length, response=None, exception=None, **kwargs):
    status = getattr(response, "status_code", 0) or 0
    if exception is not None and not status:
        status = 0
    _requests.append((time.time(), name, int(status), float(response_time)))


@events.quitting.add_listener
def _dump(environment, **kwargs):
    _acks_file.close()
    if REQUESTS_PATH:
        with open(REQUESTS_PATH, "w", encoding="utf-8") as out:
            json.dump(_requests, out)


def token() -> str:
    return f"[lt-{uuid.uuid4().hex[:12]}]"


class Person(HttpUser):
    abstract = True

    def on_start(self):
        number = next(_people)
        self.number = number
        self.client.headers["X-Forwarded-For"] = f"10.{number // 250 % 250}.{number % 250}.{random.randint(1, 250)}"
        self.client.headers["Accept-Language"] = "de-DE"
        # English pages, so that the acknowledgement texts below are the catalogue's msgids.
        self.client.cookies.set("zw_language", "en")

    def csrf_of(self, response) -> str:
        found = CSRF.search(response.text or "")
        return found.group(1) if found else self.client.cookies.get("csrftoken", "")


class Citizen(Person):
    weight = 10
    wait_time = between(2, 8)

    def on_start(self):
        super().on_start()
        people = TARGETS["people"]
        self.me = people[self.number % len(people)]
        self.supported: set[int] = set()
        self.registered = False
        if self.number % 10 == 0:
            self.sign_in()
        else:
            self.client.cookies.set(TARGETS["session_cookie"], self.me["session"])

    def sign_in(self):
        page = self.client.get("/accounts/login/", name="/accounts/login/")
        self.client.post(
            "/accounts/login/",
            data={
                "login": self.me["email"],
                "password": TARGETS["password"],
                "csrfmiddlewaretoken": self.csrf_of(page),
            },
            headers={"Referer": self.host + "/accounts/login/"},
            name="/accounts/login/ [POST]",
        )

    def module_url(self) -> str:
        return f"/ideas/m/{TARGETS['ideas_module']}/"

    # -- reading ----------------------------------------------------------------------------

    @task(6)
    def start_page(self):
        self.client.get("/", name="/")

    @task(4)
    def process_page(self):
        self.client.get(f"/o/{TARGETS['organisation']}/p/{TARGETS['process']}/", name="process page")

    @task(10)
    def idea_list(self):
        params = {"sort": random.choice(SORTS)}
        if random.random() < 0.3:
            params["kind"] = random.choice(["criticism", "vision", "proposal"])
        if random.random() < 0.3:
            params["page"] = random.randint(1, 3)
        self.client.get(self.module_url(), params=params, name="idea list")

    @task(4)
    def search(self):
        self.client.get(self.module_url(), params={"q": random.choice(SEARCH_WORDS)}, name="idea list ?q=")

    @task(10)
    def idea_detail(self):
        if TARGETS["ideas"]:
            pk = random.choice(TARGETS["ideas"])
            self.client.get(f"{self.module_url()}{pk}/", name="contribution")

    @task(2)
    def event_page(self):
        if TARGETS["event"]:
            self.client.get(f"/events/{TARGETS['event']}/", name="event")

    @task(2)
    def review_page(self):
        if TARGETS["review_module"]:
            self.client.get(f"/progress/m/{TARGETS['review_module']}/", name="interim review")

    # -- writing ----------------------------------------------------------------------------

    @task(2)
    def contribute(self):
        form = self.client.get(f"{self.module_url()}new/", name="contribution form")
        mark = token()
        response = self.client.post(
            f"{self.module_url()}new/",
            data={
                "csrfmiddlewaretoken": self.csrf_of(form),
                "kind": random.choice(["criticism", "vision", "proposal"]),
                "title": f"Abends fährt kein Bus mehr {mark}",
                "text": "Nach 18 Uhr kommt man ohne Auto nicht mehr von Ellefeld nach Auerbach. " + mark,
                "place_name": "",
            },
            allow_redirects=False,
            name="contribute [POST]",
        )
        location = response.headers.get("Location", "")
        if response.status_code == 302 and "/received/" in location:
            ack("idea", token=mark, user_id=self.me["user_id"])
            self.client.get(location, name="contribution received")
            pk = int(location.rstrip("/").split("/")[-2])
            TARGETS["ideas"].append(pk)

    @task(3)
    def comment(self):
        if not TARGETS["ideas"]:
            return
        pk = random.choice(TARGETS["ideas"])
        page = self.client.get(f"{self.module_url()}{pk}/", name="contribution")
        mark = token()
        response = self.client.post(
            f"{self.module_url()}{pk}/comment/",
            data={"csrfmiddlewaretoken": self.csrf_of(page), "text": f"Das sehe ich genauso. {mark}"},
            allow_redirects=False,
            name="comment [POST]",
        )
        if response.status_code == 302 and "#comment-" in response.headers.get("Location", ""):
            ack("comment", token=mark, user_id=self.me["user_id"])

    @task(5)
    def support(self):
        if not TARGETS["ideas"]:
            return
        pk = random.choice(TARGETS["ideas"][:60])
        page = self.client.get(f"{self.module_url()}{pk}/", name="contribution")
        if f'action="{self.module_url()}{pk}/support/"' not in page.text:
            return  # not open for support (own contribution, or finished)
        wanted = "withdraw" if pk in self.supported else "support"
        response = self.client.post(
            f"{self.module_url()}{pk}/support/",
            data={"csrfmiddlewaretoken": self.csrf_of(page), "action": wanted},
            headers={"HX-Request": "true"},
            allow_redirects=False,
            name="support [POST]",
        )
        if response.status_code == 200 and f'id="support-{pk}"' in response.text:
            supported = 'name="action" value="withdraw"' in response.text
            if supported != (wanted == "support"):
                return
            ack("support", user_id=self.me["user_id"], idea=pk, supported=supported)
            if supported:
                self.supported.add(pk)
            else:
                self.supported.discard(pk)

    @task(1)
    def register(self):
        if not TARGETS["event"] or self.registered:
            return
        url = f"/events/{TARGETS['event']}/"
        page = self.client.get(url, name="event")
        if "/register/" not in page.text:
            self.registered = True  # already registered (e.g. in an earlier run)
            return
        response = self.client.post(
            f"{url}register/",
            data={
                "csrfmiddlewaretoken": self.csrf_of(page),
                "name": f"Mensch {self.number}",
                "email": self.me["email"],
                "companions": "0",
            },
            allow_redirects=False,
            name="register [POST]",
        )
        if response.status_code == 302:
            self.registered = True
            ack("registration", email=self.me["email"], user_id=self.me["user_id"])

    @task(1)
    def vote(self):
        module = TARGETS["vote_module"]
        candidates = TARGETS["vote_candidates"]
        if not module or not candidates:
            return
        page = self.client.get(f"/plans/vote/{module}/", name="vote")
        choice = random.sample(candidates, k=min(3, len(candidates)))
        points = {str(pk): (1 if pk in choice else 0) for pk in candidates}
        data = {"csrfmiddlewaretoken": self.csrf_of(page)}
        data.update({f"points-{pk}": value for pk, value in points.items()})
        response = self.client.post(f"/plans/vote/{module}/points/", data=data, name="vote [POST]")
        if response.status_code == 200 and "Your points have been saved" in response.text:
            ack("vote", user_id=self.me["user_id"], points=points)

    @task(1)
    def rate(self):
        module, review_round = TARGETS["review_module"], TARGETS["review_round"]
        if not module or not review_round or not TARGETS["review_measures"]:
            return
        measure = random.choice(TARGETS["review_measures"])
        page = self.client.get(f"/progress/m/{module}/measures/{measure}/", name="measure (review)")
        if f"/rounds/{review_round}/measures/{measure}/rate/" not in page.text:
            return
        score = random.randint(1, 5)
        response = self.client.post(
            f"/progress/m/{module}/rounds/{review_round}/measures/{measure}/rate/",
            data={"csrfmiddlewaretoken": self.csrf_of(page), "score": str(score), "comment": ""},
            allow_redirects=False,
            name="rate [POST]",
        )
        if response.status_code == 302:
            ack("rating", user_id=self.me["user_id"], measure=measure, score=score)


class Phone(Person):
    """A phone at the workshop evening: joined with the code, its page polls every 2 s."""

    weight = 2
    wait_time = constant(2)

    def on_start(self):
        super().on_start()
        self.session = TARGETS["live_session"]
        self.revision = "0"
        self.joined = False
        if not self.session:
            return
        page = self.client.get(f"/workshops/join/{TARGETS['live_code']}/", name="join live board")
        response = self.client.post(
            "/workshops/join/",
            data={"csrfmiddlewaretoken": self.csrf_of(page), "code": TARGETS["live_code"], "pseudonym": ""},
            name="join live board [POST]",
        )
        self.joined = response.status_code == 200 and f"/workshops/{self.session}/me/cards/" in response.text
        self.page = response

    @task(12)
    def poll(self):
        if not self.joined:
            return
        response = self.client.get(
            f"/workshops/{self.session}/me/live/", params={"v": self.revision}, name="live board poll (phone)"
        )
        if response.status_code == 200:
            found = re.search(r"\?v=(\d+)", response.text)
            if found:
                self.revision = found.group(1)

    @task(1)
    def card(self):
        if not self.joined:
            return
        page = self.client.get(f"/workshops/{self.session}/me/", name="live board (phone)")
        mark = token()
        response = self.client.post(
            f"/workshops/{self.session}/me/cards/",
            data={
                "csrfmiddlewaretoken": self.csrf_of(page),
                "text": f"Mehr Bänke am Marktplatz {mark}",
                "step": "",
                "nonce": uuid.uuid4().hex,
            },
            allow_redirects=False,
            name="card [POST]",
        )
        if response.status_code == 302:
            ack("card", token=mark)


class Projector(Person):
    weight = 0
    fixed_count = 2
    wait_time = constant(2)

    def on_start(self):
        super().on_start()
        self.revision = "0"

    @task
    def poll(self):
        key = TARGETS["projector_key"]
        if not key:
            return
        response = self.client.get(f"/workshops/wall/{key}/live/", params={"v": self.revision}, name="projector poll")
        if response.status_code == 200:
            found = re.search(r"\?v=(\d+)", response.text)
            if found:
                self.revision = found.group(1)
