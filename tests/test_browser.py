"""The dashboard in a real browser: Debian's Chromium, headless, driven by Playwright against gunicorn.

SQLite only. Screenshots of every page land in test-artifacts/screenshots/.
Skipped with a reason when Chromium or playwright is missing, except under CI, where that fails.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
import time
import urllib.request
from datetime import timedelta
from pathlib import Path

import pytest

from tests.processes import free_port, terminate

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
SHOTS = ROOT / "test-artifacts" / "screenshots"
EMAIL, PASSWORD = "browser@example.org", "a browser test passphrase"
OVERVIEW_CHARTS = 7
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]


def _missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if not CHROMIUM.exists():
        return "no Chromium at /usr/bin/chromium (`make test` installs it where apt-get can: apt-get install chromium)"
    if importlib.util.find_spec("playwright") is None:
        return "playwright is not installed (it is in requirements-dev.txt)"
    return None


if _missing():
    if os.environ.get("CI"):  # CI must never pass without having driven a browser
        pytest.fail(f"the browser tests must run under CI: {_missing()}", pytrace=False)
    pytest.skip(_missing(), allow_module_level=True)

from playwright import sync_api  # imported only once it is known to be installed


def prepare(database_url: str) -> int:
    """Migrate, seed a small demo, add an operator and one pending message; returns that message's id."""
    from bot import create_app
    from bot.admin import demo
    from bot.admin.auth import create_operator
    from bot.db import database, upgrade
    from bot.models import Member, Message, SafetyFlag, ScheduledMessage

    app = create_app({"database_url": database_url, "transport": "console", "public_url": None,
                      "twilio_auth_token": None})
    now = app.config["CLOCK"]()
    with database.connection_context():
        upgrade()
        demo.seed(now, members=40, days=60, seed=3)
        create_operator(EMAIL, PASSWORD, now)
        row = ScheduledMessage.create(member=Member.get_by_id(1), kind="manual", body="A note from your coach",
                                      due_at=now + timedelta(days=1), idempotency_key="browser-test",
                                      created_at=now, updated_at=now)
        for member_id, ago, danger in ((2, timedelta(hours=3), "self"), (3, timedelta(minutes=10), "review")):
            text = Message.create(member=member_id, direction="in", body="I can't do this anymore", status="received",
                                  kind="inbound", created_at=now - ago, updated_at=now - ago)
            SafetyFlag.create(member=member_id, message=text, danger=danger, created_at=now - ago)
    database.close()
    return row.id


def wait_until_up(url: str, server: subprocess.Popen, deadline: float = 30.0) -> None:
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:  # refused while gunicorn binds, or a slow first answer while its workers boot
            time.sleep(0.05)  # polling, not waiting: the loop ends as soon as the server answers
    raise TimeoutError(f"{url} did not answer within {deadline} s")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    database_url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'browser.sqlite3'}"
    pending_id = prepare(database_url)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TWILIO_", "PUBLIC_URL"))}
    env.update(DATABASE_URL=database_url, TRANSPORT="console", SECRET_KEY="browser-test-secret", PYTHONPATH=str(ROOT))
    process = subprocess.Popen([sys.executable, "-m", "gunicorn", "bot:create_app()", "--bind", f"127.0.0.1:{port}",
                                "--workers", "2", "--log-level", "warning"], cwd=ROOT, env=env)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_up(base + "/admin/login", process)
        yield base, pending_id
    finally:
        terminate(process)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.problems = problems
    yield page
    context.close()


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def log_in(page, base: str) -> None:
    page.goto(base + "/admin/")
    assert "/admin/login" in page.url
    shot(page, "login")
    page.fill("input[name=email]", EMAIL)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(base + "/admin/")


def test_overview_charts_member_page_and_cancelling_a_message(server, page):
    base, pending_id = server
    log_in(page, base)
    page.wait_for_function(f"document.querySelectorAll('canvas[data-rendered]').length === {OVERVIEW_CHARTS}")
    points = page.evaluate("""() => [...document.querySelectorAll('canvas[data-chart]')].map(c => {
        const chart = Chart.getChart(c);
        return chart ? chart.data.datasets.reduce((n, d) => n + d.data.filter(v => v !== null).length, 0) : 0;
    })""")
    assert len(points) == OVERVIEW_CHARTS and all(n > 0 for n in points), points
    # The headline chart draws each tenure bucket's median and the middle half of members as a floating bar.
    baseline = page.evaluate("""() => Chart.getChart(document.getElementById('chart-baseline')).data.datasets
        .map(d => d.data.filter(v => v !== null).length)""")
    assert baseline == [4, 4], baseline
    assert "reach out" in page.locator("#headline").inner_text()
    assert page.locator(".kpi").count() >= 14
    shot(page, "overview")

    page.click("nav >> text=Members")
    page.wait_for_selector("table.members tbody tr")
    shot(page, "members")
    page.goto(base + "/admin/members/1")
    row = page.locator(f"#scheduled-{pending_id}")
    assert row.count() == 1
    page.wait_for_function("document.querySelectorAll('canvas[data-rendered]').length === 2")
    shot(page, "member")
    row.locator("button", has_text="Cancel").click()
    page.wait_for_selector(".flash >> text=cancelled")
    assert page.locator(f"#scheduled-{pending_id}").count() == 0
    shot(page, "member-after-cancel")

    for name, path in (("outbox", "/admin/outbox"), ("deliveries", "/admin/deliveries"),
                       ("library", "/admin/library"), ("audit", "/admin/audit")):
        page.goto(base + path)
        assert page.locator("h1").count() == 1
        shot(page, name)
    assert "cancel message" in page.content()
    assert page.problems == []  # no script error, no CSP violation


def test_a_conversation_in_the_simulator(server, page):
    base, _ = server
    log_in(page, base)
    page.click("nav >> text=Simulator")
    bubbles = page.locator("#transcript .bubble")
    for text in ("hi", "yes", "8", "I really want to text him"):
        before = bubbles.count()
        page.fill("#sim-body", text)
        page.click(".compose button")
        page.wait_for_function(f"document.querySelectorAll('#transcript .bubble').length > {before}")
    assert "minutes" in bubbles.last.inner_text()
    before = bubbles.count()
    page.click(".jumps button[value='20m']")
    page.wait_for_function(f"document.querySelectorAll('#transcript .bubble').length > {before}")
    assert "1" in bubbles.last.inner_text() and "5" in bubbles.last.inner_text()  # "how strong, 1 to 5?"
    page.fill("#sim-body", "1")
    page.click(".compose button")
    page.wait_for_selector("#transcript .bubble.from-bot >> nth=-1")
    shot(page, "simulator")
    assert page.problems == []


def test_a_flags_age_shows_and_an_old_unacknowledged_one_stands_out(server, page):
    base, _ = server
    log_in(page, base)
    page.click("nav >> text=Safety queue")
    flags = page.locator("article.flag")
    assert flags.count() >= 1
    ages = flags.locator(".age").all_inner_texts()
    assert ages and all(re.fullmatch(r"raised .+ ago", age) for age in ages), ages
    overdue = page.locator("article.flag.overdue")
    assert overdue.count() == page.locator("article.flag-open .overdue-note").count() >= 1
    assert page.evaluate("getComputedStyle(document.querySelector('article.flag.overdue')).backgroundColor") \
        != page.evaluate("getComputedStyle(document.querySelector('main')).backgroundColor")
    shot(page, "safety")
    assert page.problems == []


def test_an_experiment_is_started_and_ended_from_the_message_library(server, page):
    base, _ = server
    log_in(page, base)
    page.click("nav >> text=Message library")
    box = page.locator("#outcomes-urge\\.reply")
    assert box.locator("table.results tbody tr").count() >= 9  # results by variant, with data
    box.locator("input[name=variant]").nth(1).check()
    box.locator("input[name=variant]").nth(3).check()
    box.locator("input[name=note]").fill("browser test: b against d")
    box.locator("button", has_text="Start the experiment").click()
    page.wait_for_selector(".flash >> text=started")
    running = page.locator("section.experiment.running")
    assert "running since" in running.inner_text() and "browser test: b against d" in running.inner_text()
    assert running.locator("table.results tbody tr").count() == 2
    shot(page, "library-experiment-running")
    box.screenshot(path=str(SHOTS / "library-outcomes.png"))
    running.locator("select[name=winner]").select_option(label="variant d")
    page.once("dialog", lambda dialog: dialog.accept())
    running.locator("button", has_text="End the experiment").click()
    page.wait_for_selector(".flash >> text=ended")
    assert "winner: d; retired from the rotation: b" in page.locator(".flash").inner_text()
    assert page.locator("[id^=past-experiment-]").count() == 1
    assert page.locator("#prompt-urge\\.reply .badge-retired").count() == 1
    shot(page, "library-experiment-ended")
    page.goto(base + "/admin/audit?action=end_experiment")
    assert "winner d" in page.content()
    assert page.problems == []
