"""The organizer console in a real browser (Playwright driving Debian's chromium), against a live
app with its own content copy, database and the session's real Rasa."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import threading
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright
from werkzeug.serving import make_server

from helpline.console.accounts import add_organizer
from helpline.content.store import GENERAL_TOPICS, REQUIRED_STATE_SECTIONS
from helpline.ops.db import open_database
from helpline.registries.languages import language_codes
from tests.conftest import make_app, twilio_post, twiml_messages

REPO = Path(__file__).resolve().parent.parent
SCREENSHOTS = REPO / "build" / "console-screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


class LiveConsole:
    """The app served on a loopback port, with one organizer account."""

    def __init__(self, app, password: str) -> None:
        self.app, self.password = app, password
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()

    @property
    def content(self) -> Path:
        return Path(self.app.config["CONTENT_DIR"])

    def database(self):
        return open_database(self.app.config["DATABASE_PATH"])


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        yield chromium
        chromium.close()


def start_console(tmp_path, rasa_server, **overrides) -> LiveConsole:
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    subprocess.run(["git", "init", "-q", str(content)], check=True)
    subprocess.run(["git", "-C", str(content), "-c", "user.name=t", "-c", "user.email=t@example.org", "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(content), "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "start"], check=True)
    app = make_app(tmp_path, rasa_server.url, rasa_server.token, CONTENT_DIR=str(content), **overrides)
    database = open_database(app.config["DATABASE_PATH"])
    password = add_organizer(database, "Ana Organizer")
    database.conn.close()
    return LiveConsole(app, password)


@pytest.fixture
def console(tmp_path, rasa_server):
    live = start_console(tmp_path, rasa_server)
    yield live
    live.stop()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    tab = context.new_page()
    yield tab
    context.close()


def sign_in(page, console, password=None):
    page.goto(console.url + "/console/signin")
    page.get_by_label("Name").fill("Ana Organizer")
    page.get_by_label("Password").fill(password or console.password)
    page.get_by_role("button", name="Sign in").click()


def test_signed_out_visitors_are_sent_to_sign_in_and_a_wrong_password_is_refused(console, page):
    page.goto(console.url + "/console/state/TX")
    assert page.url.startswith(console.url + "/console/signin")
    sign_in(page, console, password="not-the-password")
    expect(page.locator("#signin-error")).to_have_text("Wrong name or password.")
    page.goto(console.url + "/console/")
    assert "/console/signin" in page.url


def test_repeated_failures_are_rate_limited_even_with_the_right_password(tmp_path, rasa_server, page):
    live = start_console(tmp_path, rasa_server, CONSOLE_SIGNIN_LIMIT=3)
    try:
        for _ in range(3):
            sign_in(page, live, password="wrong")
        sign_in(page, live)  # the right password, after the limit
        expect(page.locator("#signin-error")).to_contain_text("Too many failed attempts")
        assert "/console/signin" in page.url
    finally:
        live.stop()


def test_the_map_shows_every_jurisdiction_and_switching_layers_recolours_it(console, page):
    sign_in(page, console)
    expect(page.locator(".tile")).to_have_count(52)
    wyoming = page.locator('.tile[data-code="WY"]')
    before = wyoming.evaluate("tile => getComputedStyle(tile).backgroundColor")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "map.png"), full_page=True)
    page.get_by_label("Colour by").select_option("cross_state")
    after = wyoming.evaluate("tile => getComputedStyle(tile).backgroundColor")
    assert before != after  # Wyoming: licenses "no" (vermillion) vs its cards refused elsewhere (sky/orange)
    assert wyoming.locator(".mark").inner_text() in ("!", "-")
    wyoming.hover()
    expect(page.locator("#details")).to_contain_text("licenses_regardless_of_status")


def test_a_state_page_shows_phone_bubbles_facts_and_records_a_review(console, page):
    sign_in(page, console)
    page.goto(console.url + "/console/state/WA")
    topics = len(REQUIRED_STATE_SECTIONS) + len([t for t in GENERAL_TOPICS if t != "legal_help"])
    expect(page.locator("article.answer")).to_have_count(topics * len(language_codes()))
    expect(page.locator(".bubble").first).to_contain_text("segments")
    page.screenshot(path=str(SCREENSHOTS / "state.png"), full_page=False)
    page.get_by_role("button", name="I re-verified these facts against their sources").click()
    expect(page.locator("main")).to_contain_text("reviewed by Ana Organizer")
    facts = (console.content / "states" / "wa" / "facts.yml").read_text(encoding="utf-8")
    assert f"last_reviewed: {dt.date.today().isoformat()}" in facts and "reviewed_by: Ana Organizer" in facts


def test_an_edit_previews_live_a_broken_one_is_refused_and_a_good_one_reaches_the_next_text(console, page):
    path = console.content / "states" / "tx" / "en.md"
    original = path.read_text(encoding="utf-8")
    sign_in(page, console)
    page.goto(console.url + "/console/edit/TX/license_eligibility/en")
    area = page.locator("#markdown")
    text = area.input_value()

    broken = text.replace("No. Texas does not give", "Maybe. Texas does not give", 1)
    area.fill(broken)
    expect(page.locator("#check .error")).to_contain_text("does not start as registry/languages.yml requires")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".error").first).to_contain_text("licenses_regardless_of_status")
    assert path.read_text(encoding="utf-8") == original  # refused: nothing written

    page.goto(console.url + "/console/edit/TX/license_eligibility/en")
    good = text.replace("No. Texas does not give", "No. Texas still does not give", 1)
    page.locator("#markdown").fill(good)
    expect(page.locator("#preview")).to_contain_text("No. Texas still does not give")
    page.screenshot(path=str(SCREENSHOTS / "editor.png"), full_page=False)
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#saved")).to_be_visible()
    assert "No. Texas still does not give" in path.read_text(encoding="utf-8")

    client = console.app.test_client()
    reply = twiml_messages(twilio_post(client, "I live in Texas"))
    reply = twiml_messages(twilio_post(client, "1"))
    assert reply[0].startswith("No. Texas still does not give")

    database = console.database()
    audit = list(database["console_audit"].rows)
    database.conn.close()
    assert [(a["organizer"], a["action"], a["section"]) for a in audit] == [("Ana Organizer", "edit", "license_eligibility")]
    assert audit[0]["file"].endswith("states/tx/en.md")
    log = subprocess.run(["git", "-C", str(console.content), "log", "-1", "--format=%an|%s"], capture_output=True, text=True).stdout
    assert log.startswith("Ana Organizer|") and "license_eligibility" in log


def test_a_post_without_a_csrf_token_changes_nothing(console, page):
    path = console.content / "states" / "tx" / "en.md"
    original = path.read_text(encoding="utf-8")
    sign_in(page, console)
    response = page.request.post(console.url + "/console/edit/TX/license_eligibility/en", form={"markdown": "No. Changed."})
    assert response.status == 400
    preview = page.request.post(console.url + "/console/preview/TX/license_eligibility/en", data={"markdown": "x"})
    assert preview.status == 400
    assert path.read_text(encoding="utf-8") == original


def test_usage_charts_render_seeded_counts_and_suppress_a_count_of_three(console, page):
    database = console.database()
    with database.conn:
        database.conn.executemany("INSERT INTO usage_counts (week, dimension, value, count) VALUES (?, ?, ?, ?)",
                                  [("2026-11-23", "topic", "license_eligibility", 12), ("2026-11-23", "state", "TX", 3)])
    database.conn.close()
    sign_in(page, console)
    page.goto(console.url + "/console/usage")
    counts = page.locator("svg.chart text.count")
    expect(counts).to_have_count(2)
    assert sorted(counts.all_text_contents()) == ["12", "<5"]
    expect(page.locator('svg.chart text.count[data-suppressed="true"]')).to_have_text("<5")
    csv = page.request.get(console.url + "/console/usage.csv").text()
    assert "TX,<5" in csv and ",3\n" not in csv


def test_the_simulator_answers_through_the_pipeline_and_stores_nothing(console, page):
    sign_in(page, console)
    page.goto(console.url + "/console/simulator")
    page.get_by_label("Message").fill("hola, puedo sacar licencia en Texas?")
    page.get_by_role("button", name="Send").click()
    expect(page.locator("#sim-log .understood")).to_contain_text("language es")
    expect(page.locator("#sim-log .bubble").nth(1)).to_contain_text("·")  # a reply, with its cost
    database = console.database()
    assert database["profiles"].count == 0 and database["usage_counts"].count == 0
    database.conn.close()


def test_the_console_speaks_spanish_and_fits_a_phone(console, browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="es-ES")
    tab = context.new_page()
    tab.goto(console.url + "/console/signin")
    expect(tab.get_by_role("heading", name="Iniciar sesión")).to_be_visible()
    tab.get_by_label("Nombre").fill("Ana Organizer")
    tab.get_by_label("Contraseña").fill(console.password)
    tab.keyboard.press("Enter")
    expect(tab.get_by_role("heading", name="El país de un vistazo")).to_be_visible()
    width = tab.evaluate("document.documentElement.scrollWidth")
    wide = tab.evaluate("""Array.from(document.querySelectorAll('body *')).filter(e => e.getBoundingClientRect().right > 361)
                           .slice(0, 5).map(e => e.tagName + '.' + e.className)""")
    assert width <= 360 + 1, f"the page scrolls sideways on a phone ({width}px): {wide}"
    tab.keyboard.press("Tab")
    focused = tab.evaluate("document.activeElement.className")
    assert re.search(r"skip", focused)  # the first Tab reaches "skip to content"
    context.close()
