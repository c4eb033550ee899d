"""One synthetic member's life with the service, from joining to now (or to their opt-out).

The story the service hopes for, with variety. A member's first week's
outreach is close to their own baseline; from then on it falls by how much
they respond (a few not at all, a few reach out more), with Poisson noise.
Urges come less often and are waited out more often as the weeks go; the
spouse reaches out a little more; contacts are received a little better;
check-ins are answered less as the novelty wears off. Everything agrees: the
delay in a text is the member's delay and the follow-up comes that many
minutes later, a check-in answer is the number of contacts they logged that
day, a weekly summary quotes their real numbers, a superseded urge is followed
by the urge that replaced it, an urge they acted on is a contact.
"""

from __future__ import annotations

import math
import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot import reflections
from bot.admin import history
from bot.admin.history import History, Ids, Profile, Texts, Writer, minutes
from bot.experiments import Experiment

WEEK, DAY = timedelta(days=7), timedelta(days=1)
# The demo's urge.reply variants differ a little in how many urges are waited out after them, so the
# message library's results have something to find (a, b, c... in prompts.yaml order).
VARIANT_EFFECT = (0.0, 0.09, -0.03, 0.02, -0.05, 0.0, 0.03, -0.06, 0.01)
CHECKIN_AT, WEEKLY_AT = time(19, 0), time(18, 0)
CONSENT_AFTER = timedelta(minutes=3)  # the member answers YES three minutes after their first text


def poisson(rng: random.Random, lam: float) -> int:
    """A Poisson draw (Knuth's method; the rates here are small)."""
    limit, k, p = math.exp(-lam), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


class Story:
    """Writes one member's history; `tell` returns it."""

    def __init__(self, p: Profile, rng: random.Random, texts: Texts, now: datetime,
                 experiment: Experiment | None = None, ids: Ids | None = None):
        self.p, self.rng, self.texts, self.now, self.experiment = p, rng, texts, now, experiment
        self.ids = ids or Ids()
        self.w = Writer(History(p.id), rng, texts, now, p.phone[-4:])
        self.h = self.w.h
        self.zone = ZoneInfo(p.zone)
        self.end = min(p.stopped or now, now)
        self.consent = p.joined + CONSENT_AFTER
        self.last_reply: int | None = None  # the urge.reply rotation, as bot.prompts keeps it
        self.progress = 0.0

    def local(self, day: date, at: time) -> datetime:
        return datetime.combine(day, at, tzinfo=self.zone).astimezone(self.now.tzinfo)

    def daytime(self, start: datetime) -> datetime:
        """A random waking moment (8:00-22:00 member time) in the week from `start`."""
        at = start + timedelta(seconds=self.rng.uniform(0, WEEK.total_seconds()))
        hour = at.astimezone(self.zone).hour
        return at + timedelta(hours=10) if hour < 8 or hour >= 22 else at

    def tell(self) -> History:
        p, w = self.p, self.w
        w.inbound(p.joined, "hi")
        w.outbound(p.joined + timedelta(seconds=2), "welcome")
        w.outbound(p.joined + timedelta(seconds=3), "welcome.consent")
        if not p.consented:
            return self.h
        t = self.consent
        w.inbound(t, "yes")
        w.outbound(t + timedelta(seconds=2), "consent.given", {"tz": p.zone})
        w.outbound(t + timedelta(seconds=3), "onboarding.baseline")
        w.inbound(t + minutes(1), str(p.baseline))
        w.outbound(t + minutes(1), "onboarding.baseline_saved", {"count": p.baseline})
        week = 0
        while self.consent + week * WEEK < self.end:
            self.week(self.consent + week * WEEK, week)
            week += 1
        if p.crisis:
            self.flag()
        if p.stopped and p.stopped < self.now:
            w.inbound(p.stopped, "STOP")
            w.outbound(p.stopped + timedelta(seconds=2), "stop.confirm")
        return self.h

    def week(self, start: datetime, index: int) -> None:
        p, rng = self.p, self.rng
        self.progress = 1 - math.exp(-(index + 0.5) / 3)
        if p.quiet_after is not None and index >= p.quiet_after:
            self.checkins(start, index, answer=0.0)  # still asked; no answer, nothing logged
            return
        settled = 1 - 0.8 * p.response
        outreach = poisson(rng, p.baseline * (1 - (1 - settled) * self.progress))
        acted_on = 0
        for _ in range(poisson(rng, (0.6 * p.activity + 0.25 * p.baseline) * (1 - 0.3 * self.progress))):
            at = self.daytime(start)
            if at < self.end:
                acted_on += self.urge(at)
        remaining = max(0, outreach - acted_on)
        while remaining > 0:
            many = min(remaining, rng.choice((2, 3))) if rng.random() < 0.2 else 1
            at = self.daytime(start)
            if at < self.end:
                self.contact(at, many)
            remaining -= many
        for step, rate in ((self.needed, 0.3), (self.spouse, 0.3 + 0.8 * self.progress * max(0.0, p.response)),
                           (self.draft, 0.25)):
            for _ in range(poisson(rng, rate * p.activity)):
                at = self.daytime(start)
                if at < self.end:
                    step(at)
        self.checkins(start, index)
        self.weekly(start)

    def reply_variant(self, at: datetime) -> tuple[int, int | None]:
        """Which urge.reply variant the member reads: the experiment's arm while one runs, else the next in turn."""
        if self.experiment is not None and at >= self.experiment.started_at:
            digests = [self.texts.digest("urge.reply", i) for i in range(self.texts.variants("urge.reply"))]
            return digests.index(self.experiment.arm_for(self.p.id)), self.experiment.id
        count = self.texts.variants("urge.reply")
        self.last_reply = 0 if self.last_reply is None else (self.last_reply + 1) % count
        return self.last_reply, None

    def urge(self, at: datetime) -> int:
        """An urge and how it went; returns the contacts it led to (0 or 1)."""
        p, w, rng = self.p, self.w, self.rng
        variant, experiment = self.reply_variant(at)
        w.inbound(at, rng.choice(history.URGE_TEXTS))
        w.outbound(at + timedelta(seconds=2), "urge.reply", {"delay": p.delay}, variant=variant)
        record = (variant, self.texts.digest("urge.reply", variant), experiment)
        eid = self.ids.next("episodes")
        waited = 0.35 + 0.35 * self.progress * max(0.0, p.response) + VARIANT_EFFECT[variant % len(VARIANT_EFFECT)]
        roll = rng.random()
        outcome = ("waited_out" if roll < waited else "contacted" if roll < waited + 0.14
                   else "superseded" if roll < waited + 0.2 else "expired" if roll < waited + 0.28
                   else "still_strong")
        due = at + minutes(p.delay)
        if outcome in ("contacted", "superseded"):
            closed = at + minutes(rng.uniform(2, p.delay - 0.5))
            if closed >= self.now:
                self.h.episodes.append((eid, p.id, at, None, "open", 1, None, None, *record))
                return 0
            self.h.episodes.append((eid, p.id, at, closed, outcome, 1, None, None, *record))
            w.cancelled(due, "urge.followup", f"urge episode {outcome}", eid)
            if outcome == "contacted":
                self.contact(closed, 1)
                return 1
            return self.urge(closed) if closed < self.end else 0
        rounds = 3 if outcome == "still_strong" else (2 if rng.random() < 0.3 else 1)
        t, first, last = at, None, None
        for r in range(rounds):
            t += minutes(p.delay)
            if t >= self.now:
                self.h.episodes.append((eid, p.id, at, None, "open", r + 1, first, last, *record))
                return 0
            w.outbound(t, "urge.followup", scheduled=True, ref=eid)
            if outcome == "expired":
                gone = at + timedelta(hours=6)
                self.h.episodes.append((eid, p.id, at, gone, outcome, 1, None, None, *record) if gone < self.now
                                       else (eid, p.id, at, None, "open", 1, None, None, *record))
                return 0
            t += minutes(rng.uniform(1, 9))
            final = r == rounds - 1
            rating = rng.randint(1, 2) if final and outcome == "waited_out" else rng.randint(3, 5)
            first, last = (rating if first is None else first), rating
            w.inbound(t, str(rating))
            if rating <= 2:
                w.outbound(t + timedelta(seconds=2), "urge.passed", {"minutes": round((t - at).total_seconds() / 60)})
            elif final:
                w.outbound(t + timedelta(seconds=2), "urge.last")
            else:
                w.outbound(t + timedelta(seconds=2), "urge.again", {"delay": p.delay})
        self.h.episodes.append((eid, p.id, at, t, outcome, rounds, first, last, *record))
        return 0

    def contact(self, at: datetime, many: int) -> None:
        """The member logs `many` contacts they started, then says (or not) how they were received."""
        w, rng = self.w, self.rng
        channel = rng.choice(("call", "text"))
        if rng.random() < 0.1:
            w.inbound(at, rng.choice(history.NO_ANSWER_TEXTS))
            w.outbound(at + timedelta(seconds=2), "contact.reception_unsure")
            self.h.contacts += [(self.p.id, at, "member", channel, False, "no_answer")] * many
            return
        w.inbound(at, rng.choice(history.CONTACT_TEXTS[many]))
        w.outbound(at + timedelta(seconds=2), "contact.logged")
        answered, reception = at + minutes(rng.uniform(1, 90)), None
        if answered < self.now and rng.random() < 0.8:
            glad = 0.3 + 0.3 * self.progress * max(0.0, self.p.response)
            reception = rng.choices(("glad", "not_glad", "unsure"), (glad, 0.45 - 0.2 * self.progress, 0.25))[0]
            text, prompt_id = history.RECEPTION_REPLIES[reception]
            w.inbound(answered, text)
            w.outbound(answered + timedelta(seconds=2), prompt_id)
        self.h.contacts += [(self.p.id, at, "member", channel, False, reception)] * many

    def needed(self, at: datetime) -> None:
        self.w.inbound(at, self.rng.choice(history.NEEDED_TEXTS))
        self.w.outbound(at + timedelta(seconds=2), "contact.needed")
        self.h.contacts.append((self.p.id, at, "member", self.rng.choice(("call", "text")), True, None))

    def spouse(self, at: datetime) -> None:
        self.w.inbound(at, self.rng.choice(history.SPOUSE_TEXTS))
        self.w.outbound(at + timedelta(seconds=2), "spouse.contacted")
        self.h.contacts.append((self.p.id, at, "spouse", self.rng.choice(("call", "text")), False, None))

    def draft(self, at: datetime) -> None:
        """A held draft: handed back the next morning (or still held, if that is in the future)."""
        w, rng = self.w, self.rng
        body = rng.choice(history.DRAFT_TEXTS)
        w.inbound(at, body)
        back = self.local(at.astimezone(self.zone).date() + DAY, time(9, 0))
        w.outbound(at + timedelta(seconds=2), "hold.saved", {"when": "tomorrow at 9:00 AM"})
        did = self.ids.next("drafts")
        if back >= self.now:
            self.h.drafts.append((did, self.p.id, body[5:], at, back, "held"))
            return
        w.outbound(back, "hold.return", {"draft": body[5:]}, scheduled=True, ref=did)
        choice = rng.choices(("let_go", "rework", "send"), (0.6, 0.25, 0.15))[0]
        w.inbound(back + minutes(rng.uniform(5, 120)), choice.replace("_", " "))
        w.outbound(back + minutes(121), {"let_go": "hold.letgo", "rework": "hold.rework", "send": "hold.send"}[choice])
        self.h.drafts.append((did, self.p.id, body[5:], at, back, choice))

    def logged_on(self, day: date, before: datetime) -> int:
        """Contacts the member started and logged on their local `day` before `before` (needed ones aside)."""
        return sum(1 for _, at, who, _, needed, _ in self.h.contacts
                   if who == "member" and not needed and at < before and at.astimezone(self.zone).date() == day)

    def checkins(self, start: datetime, index: int, answer: float | None = None) -> None:
        """The evening check-ins of the week: asked on most days, answered with the day's real count, or not."""
        p, w, rng = self.p, self.w, self.rng
        ask = min(1.0, 0.9 * p.activity)
        answer = max(0.15, p.engagement - 0.02 * index) if answer is None else answer
        first = start.astimezone(self.zone).date()
        for offset in range(7):
            day = first + timedelta(days=offset)
            asked = self.local(day, CHECKIN_AT)
            if not start <= asked < start + WEEK or asked >= self.end or asked < p.joined + timedelta(hours=3):
                continue
            if rng.random() >= ask:
                continue
            cid = self.ids.next("checkins")
            w.outbound(asked, "checkin.ask", scheduled=True, ref=cid)
            answered = asked + minutes(rng.uniform(2, 60))
            if answered < self.now and rng.random() < answer:
                count = self.logged_on(day, answered)
                w.inbound(answered, str(count))
                w.outbound(answered + timedelta(seconds=2), "checkin.thanks", {"count": count})
                self.h.checkins.append((cid, p.id, day.isoformat(), count, asked, answered))
            else:
                self.h.checkins.append((cid, p.id, day.isoformat(), None, asked, None))

    def outreach(self, start: datetime, end: datetime) -> int:
        """As bot.reflections.outreach: per local day, the check-in answer where given, else the logged contacts."""
        per_day: dict[str, int] = {}
        for _, at, who, _, needed, _ in self.h.contacts:
            if who == "member" and not needed and start <= at < end:
                day = at.astimezone(self.zone).date().isoformat()
                per_day[day] = per_day.get(day, 0) + 1
        first, last = (t.astimezone(self.zone).date().isoformat() for t in (start, end - timedelta(microseconds=1)))
        for _, _, day, count, _, answered in self.h.checkins:
            if answered is not None and answered < end and first <= day <= last:
                per_day[day] = count
        return sum(per_day.values())

    def weekly(self, start: datetime) -> None:
        """The Sunday reflection, quoting the member's calendar week (Monday, or the day they joined, to
        Sunday evening) as bot.reflections counts it, then where they started and how contacts went."""
        day = start.astimezone(self.zone).date()
        sunday = self.local(day + timedelta(days=(6 - day.weekday()) % 7), WEEKLY_AT)
        if not start <= sunday < start + WEEK or sunday >= self.end or sunday < self.p.joined + DAY:
            return
        monday = self.local(sunday.astimezone(self.zone).date() - timedelta(days=6), time(0, 0))
        first_week = self.p.joined >= monday
        week = self.outreach(monday, sunday)
        values = {"since": reflections.short_date(self.p.joined if first_week else monday, self.p.zone),
                  "week": week,
                  "waited": sum(1 for _, _, o, c, outcome, *_ in self.h.episodes
                                if outcome == "waited_out" and c is not None and monday <= c < sunday),
                  "theirs": sum(1 for _, at, who, *_ in self.h.contacts if who == "spouse" and monday <= at < sunday)}
        if first_week:
            self.w.outbound(sunday, "weekly.first", values, scheduled=True)
        else:
            values["last_week"] = self.outreach(monday - WEEK, monday)
            self.w.outbound(sunday, "weekly.summary", values, scheduled=True)
        progress = "progress.none" if week == 0 else "progress.fewer" if week < self.p.baseline else "progress.steady"
        self.w.outbound(sunday + timedelta(seconds=3), progress, {"baseline": self.p.baseline, "week": week},
                        scheduled=True)
        rated = {k: [r for _, at, who, _, needed, r in self.h.contacts
                     if who == "member" and monday <= at < sunday].count(k) for k in ("glad", "not_glad", "unsure")}
        if any(rated.values()):
            self.w.outbound(sunday + timedelta(seconds=5), "stats.reception", rated, scheduled=True)

    def flag(self) -> None:
        """A text that raises a safety flag, and the bot's answer to it."""
        text, prompt_id = history.FLAG_TEXTS[self.p.crisis]
        at = self.end - minutes(self.rng.uniform(20, 60 * 24 * 4))
        at = max(at, self.p.joined + minutes(40))
        self.h.flag_sid, self.h.flag_danger = self.w.inbound(at, text), self.p.crisis
        self.w.outbound(at + timedelta(seconds=2), prompt_id)


def generate(p: Profile, rng: random.Random, texts: Texts, now: datetime,
             experiment: Experiment | None = None, ids: Ids | None = None) -> History:
    """The member's whole history from joining to their opt-out or `now`; `ids` numbers its records."""
    return Story(p, rng, texts, now, experiment, ids).tell()
