"""Figure 7: the listening intake under a burst.

10,000 events posted over HTTP to ``/social_crm/api/v1/events`` in
batches of 100, to an Odoo serving with ``--workers 2``, against the same kind of events
through the in-process API (``social.mention._social_crm_ingest``, one transaction per
batch, as a request has) and against PostgreSQL's floor (a plain multi-row ``INSERT``
of the same rows into the same table, ``ON CONFLICT DO NOTHING`` on the same unique
index, nothing else). Then the HTTP events are replayed: no row may be added, and the
replay must not take longer than the first pass.

Events look like a listening tool's feed: a third of the authors have a known handle on
the channel, a third a known e-mail, a third are unknown (they land in the inbox); posted
over the last 60 days on X and GitHub, with 300 characters of text.
"""

import random
import time

import requests

from . import inproc
from .odooenv import connect
from .report import ERROR, INFO, MISS, PASS, Row
from .server import OdooServer
from .stats import median, secs

EVENTS = 10_000
BATCH = 100
HANDLES = 2_000  # bench partners given a handle on X
URL = "/social_crm/api/v1/events"
KINDS = {"x": ["post", "reply"], "github": ["issue", "comment", "star"]}
WORDS = (
    "release import export sync timeout dashboard report api webhook retry invoice team plan "
    "support docs migration connector performance mobile offline search filter"
).split()


def _setup(db, run_id):
    """An integration user with an intake key, and the bench people with a handle or an e-mail."""
    with inproc.environment(db, commit=True) as env:
        from odoo import Command  # noqa: PLC0415 (Odoo is importable once the environment is up)

        Users = env["res.users"].with_context(no_reset_password=True)
        group = env.ref("social_crm.group_social_crm_integration")
        user = Users.search([("login", "=", "bench_listening")]) or Users.create(
            {"name": "Bench listening tool", "login": "bench_listening", "groups_id": [Command.set(group.ids)]}
        )
        key = env["res.users.apikeys"].with_user(user).sudo()._generate("social_crm.intake", f"bench {run_id}", None)
        env.cr.execute("SELECT n FROM bench_partner WHERE NOT is_company ORDER BY n LIMIT 10000")
        people = [row[0] for row in env.cr.fetchall()]
        handle_ns = people[: min(HANDLES, len(people) // 2)]
        email_ns = people[len(handle_ns) :]
        channel_x = env.ref("social_crm.social_channel_x").id
        env.cr.execute(
            """
            INSERT INTO social_partner_handle (partner_id, channel_id, handle, create_uid, write_uid,
                                               create_date, write_date)
            SELECT b.id, %s, 'bench_handle_' || b.n, 1, 1, now() at time zone 'UTC', now() at time zone 'UTC'
              FROM bench_partner b
             WHERE b.n = ANY(%s)
               AND NOT EXISTS (SELECT 1 FROM social_partner_handle h
                                WHERE h.partner_id = b.id AND h.channel_id = %s)
            """,
            (channel_x, handle_ns, channel_x),
        )
    return key, handle_ns, email_ns


def _events(prefix, count, handle_ns, email_ns, seed):
    rnd = random.Random(seed)
    now = time.time()
    events = []
    for i in range(count):
        channel = "x" if i % 3 else "github"
        who = i % 3
        event = {
            "channel": channel,
            "external_id": f"{prefix}-{i}",
            "kind": rnd.choice(KINDS[channel]),
            "posted_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now - rnd.uniform(0, 60 * 86400))),
            "url": f"https://example.com/{prefix}/{i}",
            "text": " ".join(rnd.choice(WORDS) for _w in range(45))[:300],
            "needs_response": rnd.random() < 0.1,
        }
        if who == 0 and channel == "x":
            event["author_handle"] = f"@Bench_Handle_{rnd.choice(handle_ns)}"
        elif who == 1:
            event["author_email"] = f"bench{rnd.choice(email_ns)}@example.com"
            event["author_name"] = "Bench Person"
        else:
            event["author_handle"] = f"stranger-{rnd.randrange(count)}"
        events.append(event)
    return [events[start : start + BATCH] for start in range(0, count, BATCH)]


def _counts(db):
    cnx = connect(db)
    with cnx.cursor() as cr:
        cr.execute("SELECT (SELECT count(*) FROM social_mention), (SELECT count(*) FROM social_engagement)")
        counts = cr.fetchone()
    cnx.close()
    return counts


def _floor(db, batches):
    """The same rows by plain INSERTs, one transaction per batch; removed afterwards."""
    cnx = connect(db)
    times = []
    with cnx.cursor() as cr:
        cr.execute("SELECT code, id FROM social_channel WHERE code IN ('x', 'github')")
        channels = dict(cr.fetchall())
        cr.execute("SELECT min(id) FROM res_company")
        company = cr.fetchone()[0]
        cnx.commit()
        for batch in batches:
            rows = [
                (
                    channels[e["channel"]],
                    e["external_id"],
                    e["kind"],
                    e.get("author_handle"),
                    (e.get("author_handle") or "").lstrip("@").lower() or None,
                    e.get("author_email"),
                    e["posted_at"],
                    e["url"],
                    e["text"],
                    e["needs_response"],
                    company,
                )
                for e in batch
            ]
            values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, 'new', 1, 1, now(), now())"] * len(rows))
            t0 = time.perf_counter()
            cr.execute(
                f"""
                INSERT INTO social_mention (channel_id, external_id, kind, author_handle, author_key,
                    author_email, posted_at, url, excerpt, needs_response, company_id, status,
                    create_uid, write_uid, create_date, write_date)
                VALUES {values}
                ON CONFLICT (channel_id, external_id) DO NOTHING
                """,  # noqa: S608 (placeholders only)
                [value for row in rows for value in row],
            )
            cnx.commit()
            times.append(time.perf_counter() - t0)
        cr.execute(
            "DELETE FROM social_mention WHERE external_id LIKE %s",
            (batches[0][0]["external_id"].rsplit("-", 1)[0] + "-%",),
        )
        cnx.commit()
    cnx.close()
    return times


def figure_7(ctx):
    name = "Listening intake burst"
    target = "HTTP ≤ 3× in-process; replay adds no row, ≤ 1× first pass"
    db = ctx.full_db
    if reason := ctx.missing("social_crm"):
        return [Row.not_available("7", name, reason, target)]
    with inproc.environment(db) as env:
        if "social.mention" not in env.registry:
            return [Row.not_available("7", name, "social.mention (listening) is not in this checkout", target)]
    count = EVENTS  # the burst is the same at every scale of the data
    run_id = int(time.time())
    key, handle_ns, email_ns = _setup(db, run_id)
    http_batches = _events(f"b7h-{run_id}", count, handle_ns, email_ns, ctx.seed)
    inproc_batches = _events(f"b7i-{run_id}", count, handle_ns, email_ns, ctx.seed + 1)
    floor_batches = _events(f"b7f-{run_id}", count, handle_ns, email_ns, ctx.seed + 2)
    warm = _events(f"b7w-{run_id}", 2 * BATCH, handle_ns, email_ns, ctx.seed + 3)
    headers = {"Authorization": f"Bearer {key}", "Connection": "close"}
    times = {"http": [], "inproc": [], "replay": []}
    failures = []

    def ingest_inproc(batch):
        t0 = time.perf_counter()
        with inproc.environment(db, commit=True) as env:
            answer = env["social.mention"]._social_crm_ingest(batch)
        return time.perf_counter() - t0, answer

    with OdooServer([db], "listening", workers=2) as srv:
        session = requests.Session()

        def post(batch, tag):
            t0 = time.perf_counter()
            response = session.post(
                srv.url + f"{URL}?bench={tag}", json={"events": batch}, headers=headers, timeout=300
            )
            elapsed = time.perf_counter() - t0
            if response.status_code != 200:
                failures.append(f"{tag}: HTTP {response.status_code} {response.text[:120]}")
                return elapsed, {}
            return elapsed, response.json()

        post(warm[0], "7w-0")  # warm both workers' registries and the in-process one
        post(warm[0], "7w-1")
        ingest_inproc(warm[1])
        accepted = {"http": 0, "inproc": 0}
        for i, (h_batch, i_batch) in enumerate(zip(http_batches, inproc_batches, strict=True)):
            order = [("http", h_batch), ("inproc", i_batch)]
            if i % 2:
                order.reverse()
            for kind, batch in order:
                elapsed, answer = post(batch, f"7h-{i}") if kind == "http" else ingest_inproc(batch)
                times[kind].append(elapsed)
                accepted[kind] += answer.get("accepted", 0)
        rows_first = _counts(db)
        duplicates = 0
        for i, batch in enumerate(http_batches):
            elapsed, answer = post(batch, f"7r-{i}")
            times["replay"].append(elapsed)
            duplicates += answer.get("duplicate", 0)
        rows_replay = _counts(db)
        time.sleep(0.5)
        queries = {tag: [v[1] for v in srv.perf_lines(tag).values()] for tag in ("7h", "7r")}
        errors = srv.errors_in_log()
    inproc.release(db)
    floor_times = _floor(db, floor_batches)

    t_http, t_inproc, t_replay, t_floor = (
        sum(times["http"]),
        sum(times["inproc"]),
        sum(times["replay"]),
        sum(floor_times),
    )
    eps = {k: count / t for k, t in (("http", t_http), ("inproc", t_inproc), ("replay", t_replay), ("floor", t_floor))}
    ratio = t_http / t_inproc
    replay_ratio = t_replay / t_http
    same_rows = rows_first == rows_replay
    common = (
        f"{count:,} events in {len(http_batches)} batches of {BATCH}; one client, server with 2 workers. "
        f"Accepted: {accepted['http']:,} over HTTP, {accepted['inproc']:,} in-process. Median per batch: "
        f"HTTP {secs(median(times['http']))}, in-process {secs(median(times['inproc']))}, "
        f"replay {secs(median(times['replay']))}, floor {secs(median(floor_times))}; queries per batch "
        f"(median) {median(queries['7h']) if queries['7h'] else '?'} first, "
        f"{median(queries['7r']) if queries['7r'] else '?'} replayed."
    )
    if failures or errors:
        common += f" Failures: {failures[:2]}; server errors: {[e[:160] for e in errors[:2]]}."
    rows = [
        Row(
            "7",
            "Listening intake over HTTP",
            f"{eps['http']:,.0f} events/s",
            f"in-process {eps['inproc']:,.0f} events/s",
            ratio,
            "≤ 3×",
            ERROR if failures else (PASS if ratio <= 3 else MISS),
            common,
            {"http_s": times["http"], "inproc_s": times["inproc"], "queries": queries["7h"], "events": count},
        ),
        Row(
            "7",
            "Listening replay (all duplicates)",
            f"{secs(t_replay)} ({eps['replay']:,.0f} events/s)",
            f"first pass {secs(t_http)}",
            replay_ratio,
            "≤ 1×, no new row",
            PASS if replay_ratio <= 1 and same_rows and duplicates == count else MISS,
            f"Mentions and ledger rows after the first pass {rows_first}, after the replay {rows_replay}; "
            f"{duplicates:,} of {count:,} answered duplicate.",
            {"replay_s": times["replay"], "queries": queries["7r"], "rows": [rows_first, rows_replay]},
        ),
        Row(
            "7",
            "Listening intake vs SQL floor",
            f"in-process {eps['inproc']:,.0f} events/s",
            f"INSERT floor {eps['floor']:,.0f} events/s",
            t_inproc / t_floor,
            "info",
            INFO,
            "The floor inserts the same rows into social_mention (same unique index) and does nothing "
            "else; the intake also validates, matches authors by handle and e-mail, writes the ledger "
            "events through sync_events and rescores the partners touched.",
            {"floor_s": floor_times},
        ),
    ]
    return rows
