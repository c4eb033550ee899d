"""The operators' dashboard at /admin: hand-written templates over the same domain code the bot runs.

`init_app` adds CSRF protection (Twilio's signed webhooks exempt), the login
manager, security headers, the pages, and the `admin` and `seed-demo` commands.
The simulator page exists only while the console transport is active.
"""

from __future__ import annotations

from bot.admin import (  # noqa: F401 - each module adds its routes to the blueprint
    audit_views,
    auth,
    commands,
    deliveries,
    experiment_views,
    library_views,
    member_actions,
    members,
    outbox_views,
    overview,
    safety_views,
    security,
    simulator,
)
from bot.admin.site import blueprint, simulator_blueprint


def init_app(app) -> None:
    security.init_app(app)
    auth.init_app(app)
    app.register_blueprint(blueprint)
    if app.config["SETTINGS"].transport == "console":
        app.register_blueprint(simulator_blueprint)
    commands.init_app(app)
