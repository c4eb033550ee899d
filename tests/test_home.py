"""The front page: the URL `make run` prints answers, leads to the dashboard and says what runs where."""

from __future__ import annotations


def test_the_front_page_answers_and_leads_to_the_dashboard(client):
    response = client.get("/")
    assert response.status_code == 200
    page = response.text
    assert 'href="/admin/"' in page
    assert "POST /sms" in page and "python -m schedules" in page


def test_the_dashboard_link_on_the_front_page_reaches_the_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login" in response.headers["Location"]


def test_the_front_page_loads_nothing_from_elsewhere_and_cannot_be_framed(client):
    headers = client.get("/").headers
    assert headers["Content-Security-Policy"].startswith("default-src 'none'")
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_the_front_page_answers_head_and_refuses_a_post(client):
    assert client.head("/").status_code == 200
    assert client.post("/").status_code == 405
