from playwright.sync_api import expect
from tests.browser.test_ideas import collection, add_idea  # noqa: F401
from tests.factories import UserFactory


def test_focus(open_page, live_server, collection, participant):
    idea = add_idea(collection, participant, title="Bus")
    page = open_page(UserFactory(email="x@example.org"))
    page.goto(live_server.url + idea.get_absolute_url())
    page.evaluate("""() => {
      window.log = [];
      const a = () => document.activeElement ? (document.activeElement.id || document.activeElement.tagName) : null;
      for (const ev of ["htmx:beforeRequest", "htmx:beforeSwap", "htmx:afterSwap", "htmx:afterSettle", "htmx:oobBeforeSwap"]) {
        document.body.addEventListener(ev, () => window.log.push(ev + " active=" + a()));
      }
      document.addEventListener("focusout", e => window.log.push("focusout " + (e.target.id || e.target.tagName) + " -> " + (e.relatedTarget && e.relatedTarget.id)), true);
      document.addEventListener("focusin", e => window.log.push("focusin " + (e.target.id || e.target.tagName)), true);
    }""")
    count = page.locator(".support__count")
    b = page.locator("#support-%d-button" % idea.pk)
    b.click()
    for i in range(16):
        page.evaluate("() => window.log = []")
        before = count.inner_text()
        page.keyboard.press("Enter" if i % 2 == 0 else "Space")
        expect(count).not_to_have_text(before)
        try:
            expect(b).to_be_focused(timeout=1000)
        except AssertionError:
            print(i, "lost", page.evaluate("() => window.log"))
            b.focus()
        else:
            if i < 2: print(i, "ok", page.evaluate("() => window.log"))
