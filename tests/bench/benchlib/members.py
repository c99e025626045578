"""Figures 8 and 9: the public pages that give members something back.

* Figure 8, ``/community/leaderboard``: consenting members ranked overall, by tier and by
  this month's gain, on the big database; against ``/ideas`` (figure 4's page) in the same
  run. The rankings are cached for a few minutes: the page is measured as visitors get it;
  the computation of the rankings (what the first visitor after expiry adds) is measured in
  process, with its query count.
* Figure 9, ``/ideas/roadmap``: the published ideas by status columns and what shipped with
  thanks to consenting voters, against ``/ideas`` too.

Both must cost no more than ``/ideas`` and run a constant number of queries: the count of a
request must not change when more members consent or more ideas reach the roadmap (measured
before and after doubling them).

The data: figure 4's database, where a third of the members gave public consent, four tiers
are set on their scores, and a quarter of the published ideas is spread over the roadmap's
stages (a tenth of them shipped in the last 90 days). All set in SQL before measuring, as the
generator sets the rest.
"""

import time

import requests

from . import inproc
from .odooenv import connect
from .report import ERROR, MISS, PASS, Row
from .server import Client
from .stats import median, mode, ms, p95

TIERS = (("Bench Member", 1), ("Bench Advocate", 40), ("Bench Ambassador", 120), ("Bench Champion", 250))


def _prepare(ctx, share):
    """Consent, tiers and roadmap stages for ``share`` (1 or 2: doubled) of the members and ideas."""
    cnx = connect(ctx.full_db)
    with cnx, cnx.cursor() as cr:
        cr.execute("SELECT count(*) FROM social_ambassador_tier WHERE name->>'en_US' LIKE 'Bench %'")
        if not cr.fetchone()[0]:
            for name, score in TIERS:
                cr.execute(
                    "INSERT INTO social_ambassador_tier (name, min_score, sequence, active, color)"
                    " VALUES (jsonb_build_object('en_US', %s), %s, %s, true, 0)",
                    (name, score, score),
                )
        cr.execute(
            """
            UPDATE res_partner p
               SET community_member = true,
                   community_public_consent = (p.id %% 6 < %s),
                   ambassador_tier_id = (SELECT t.id FROM social_ambassador_tier t
                                          WHERE t.active AND t.min_score <= p.ambassador_score
                                       ORDER BY t.min_score DESC LIMIT 1)
             WHERE p.ambassador_score > 0 AND NOT p.is_company
               AND COALESCE(p.community_role, 'customer') <> 'employee'
            """,
            (2 * share,),
        )
        cr.execute(
            """
            SELECT id FROM social_idea_stage
             WHERE NOT COALESCE(fold, false) ORDER BY sequence, id
            """
        )
        stages = [row[0] for row in cr.fetchall()][1:]
        cr.execute("SELECT id FROM social_idea_stage WHERE is_adopted AND is_closed ORDER BY sequence LIMIT 1")
        done = cr.fetchone()
        cr.execute(
            """
            UPDATE social_idea i
               SET stage_id = (%(stages)s)[1 + (i.id / 8) %% cardinality(%(stages)s)],
                   date_stage = now() at time zone 'UTC' - make_interval(days => (i.id %% 120))
             WHERE i.is_published AND i.merged_into_id IS NULL AND i.id %% 8 < %(share)s
            """,
            {"stages": stages, "share": 2 * share},
        )
        cr.execute("SELECT count(*) FROM res_partner WHERE community_public_consent")
        consenting = cr.fetchone()[0]
        cr.execute("SELECT count(*) FROM social_idea WHERE stage_id = ANY(%s)", (stages,))
        on_roadmap = cr.fetchone()[0]
        cr.execute("SELECT count(*) FROM social_idea WHERE stage_id = %s", (done[0] if done else 0,))
        shipped = cr.fetchone()[0]
    cnx.close()
    return {"consenting": consenting, "on_roadmap": on_roadmap, "shipped": shipped}


def _measure(ctx, path, reference_path, tag, n, check):
    """Interleaved GETs of ``path`` and ``reference_path``: (times, reference times, queries)."""
    srv = ctx.server
    session = requests.Session()
    session.get(srv.url + f"/web/login?db={ctx.full_db}", timeout=300)
    session.cookies.set("frontend_lang", "en_US")
    times, ref_times = [], []
    # every worker serves a few requests before the measured ones (templates, caches)
    warmup = ctx.workers + 3
    for i in range(n + warmup):
        order = [(path, tag, times), (reference_path, tag + "r", ref_times)]
        if i % 2:
            order.reverse()
        for url, url_tag, bucket in order:
            t0 = time.perf_counter()
            res = session.get(srv.url + Client.tagged(url, f"{url_tag}-{i}"), timeout=300, allow_redirects=False)
            elapsed = time.perf_counter() - t0
            if res.status_code != 200:
                raise RuntimeError(f"GET {url} answered {res.status_code}")
            if i == 0 and url == path and check not in res.text:
                raise RuntimeError(f"GET {url} does not show {check!r}")
            if i >= warmup:
                bucket.append(elapsed)
    time.sleep(0.5)
    queries = [v[1] for j, v in srv.perf_lines(tag).items() if j >= warmup]
    return times, ref_times, queries


def _rankings(ctx):
    """(seconds, queries) of computing the leaderboard's rankings (what a request pays when the
    cache has expired), in process, on the big database."""
    with inproc.environment(ctx.full_db) as env:
        board = env["social.community.leaderboard"]
        board._compute_leaderboard(0)  # registry and ORM warm
        env.invalidate_all()
        before = env.cr.sql_log_count
        t0 = time.perf_counter()
        board._compute_leaderboard(0)
        return time.perf_counter() - t0, env.cr.sql_log_count - before


def _figure(ctx, fig, name, path, check, tag):
    target = "≤ 1.0× /ideas and constant query count"
    if reason := ctx.missing("social_crm_ideas"):
        return [Row.not_available(fig, name, reason, target)]
    try:
        cached = fig == "8"  # the leaderboard's rankings are cached: measure cold requests too
        before = _prepare(ctx, 1)
        cold = [_rankings(ctx)] if cached else []
        n = ctx.repeat(30, minimum=10)
        times, ref_times, queries = _measure(ctx, path, "/ideas", tag, n, check)
        after = _prepare(ctx, 2)  # twice the consenting members and roadmap ideas
        cold += [_rankings(ctx)] if cached else []
        times2, _ref2, queries2 = _measure(ctx, path, "/ideas", tag + "d", max(3, n // 3), check)
    except (RuntimeError, requests.RequestException) as exc:
        return [Row(fig, name, target=target, status=ERROR, note=str(exc))]
    ref_queries = [v[1] for j, v in ctx.server.perf_lines(tag + "r").items() if j >= ctx.workers + 3]
    t, t_ref = median(times), median(ref_times)
    q, q2 = mode(queries), mode(queries2)
    constant = q is not None and q == q2 and all(c[1] == cold[0][1] for c in cold)
    ratio = t / t_ref
    note = (
        f"{before['consenting']:,} consenting members, {before['on_roadmap']:,} ideas on the roadmap "
        f"({before['shipped']:,} shipped); anonymous visitor, {len(times)} requests each, interleaved "
        f"with /ideas. p95 {ms(p95(times))} vs {ms(p95(ref_times))}. Queries: {q} "
        f"(/ideas {mode(ref_queries)}); with {after['consenting']:,} consenting members and "
        f"{after['on_roadmap']:,} roadmap ideas: {q2} queries, median {ms(median(times2))}."
    )
    if cold:
        note += (
            f" Rankings recomputed (cache expired, in process): {ms(cold[0][0])}, {cold[0][1]} queries; "
            f"with the doubled data {ms(cold[1][0])}, {cold[1][1]} queries."
        )
    status = PASS if ratio <= 1.0 and constant else MISS
    if not constant:
        note += " The query count grows with the data."
    return [
        Row(
            fig,
            name,
            f"{ms(t)} median, p95 {ms(p95(times))}",
            f"/ideas {ms(t_ref)}, p95 {ms(p95(ref_times))}",
            ratio,
            target,
            status,
            note,
            {
                "times_s": times,
                "reference_s": ref_times,
                "queries": queries,
                "queries_doubled": queries2,
                "cold": cold,
            },
        )
    ]


def figure_8(ctx):
    return _figure(ctx, "8", "Public leaderboard", "/community/leaderboard", "o_social_crm_leaderboard_row", "f8")


def figure_9(ctx):
    return _figure(ctx, "9", "Public roadmap", "/ideas/roadmap", "o_ideas_roadmap_idea", "f9")
