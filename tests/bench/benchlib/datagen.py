"""Deterministic, set-based data generator.

Every table is filled by ``INSERT ... SELECT ... FROM generate_series`` in a few
statements; "random" values come from ``hashint8extended(n, seed)``, so the same
seed and scale give the same rows on every run and every machine running the same
PostgreSQL major version. Generated rows are recognisable (``ref``/``login``
starting with ``bench``) and mapping tables ``bench_partner`` / ``bench_user`` give
the n-th generated row's id, so later statements stay set-based.
"""

from dataclasses import dataclass

PASSWORD = "bench"  # password of the HTTP clients (throwaway databases only)
YEARS = 3  # history spread over the last three years


@dataclass
class Sizes:
    partners: int
    ledger: int
    users: int
    questions: int
    posts: int
    forum_votes: int
    ideas: int
    idea_votes: int
    opportunities: int

    @classmethod
    def for_scale(cls, scale):
        def n(full, minimum):
            return max(minimum, int(round(full * scale)))

        partners = n(100_000, 2_000)
        return cls(
            partners=partners,
            ledger=n(1_000_000, 20_000),
            users=min(partners // 2, n(5_000, 200)),
            questions=n(10_000, 500),
            posts=n(100_000, 2_000),
            forum_votes=n(100_000, 2_000),
            ideas=n(10_000, 500),
            idea_votes=n(200_000, 10_000),
            opportunities=n(5_000, 100),
        )


class Generator:
    def __init__(self, cnx, seed):
        self.cnx = cnx
        self.seed = seed

    # ----------------------------------------------------------------- helpers

    def rnd(self, expr, salt):
        """SQL for a uniform value in [0, 1) that depends only on ``expr``, seed, salt."""
        return f"((hashint8extended(({expr})::bigint, {self.seed * 1000 + salt}) & 2147483647)::float8 / 2147483648.0)"

    def pick(self, expr, salt, n):
        """SQL for an integer in [1, n]."""
        return f"(1 + floor({self.rnd(expr, salt)} * {int(n)})::int)"

    def past(self, expr, salt):
        """SQL for a timestamp in the last YEARS years, skewed towards recent dates."""
        return (
            f"(now() at time zone 'UTC' - make_interval(secs => "
            f"power({self.rnd(expr, salt)}, 2) * {YEARS * 365 * 86400}))"
        )

    def execute(self, sql, params=None):
        # always pass parameters so that '%%' means '%' in every statement
        with self.cnx.cursor() as cr:
            cr.execute(sql, params if params is not None else {})
            return cr.rowcount

    def scalar(self, sql, params=None):
        with self.cnx.cursor() as cr:
            cr.execute(sql, params)
            row = cr.fetchone()
            return row[0] if row else None

    def columns(self, table):
        with self.cnx.cursor() as cr:
            cr.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = %s",
                (table,),
            )
            return {r[0] for r in cr.fetchall()}

    def xmlid(self, module, name):
        return self.scalar("SELECT res_id FROM ir_model_data WHERE module = %s AND name = %s", (module, name))

    # ----------------------------------------------------------------- partners / users

    def partners(self, count):
        """``count`` contacts, one company for every nine people (company n = 1 mod 10)."""
        self.execute(
            f"""
            INSERT INTO res_partner (name, complete_name, email, email_normalized, ref,
                active, is_company, type, lang, partner_share, create_uid, write_uid,
                create_date, write_date)
            SELECT CASE WHEN g %% 10 = 1 THEN 'Bench Company ' || g ELSE 'Bench Person ' || g END,
                   CASE WHEN g %% 10 = 1 THEN 'Bench Company ' || g ELSE 'Bench Person ' || g END,
                   'bench' || g || '@example.com', 'bench' || g || '@example.com',
                   'bench-p-' || g, true, g %% 10 = 1, 'contact', 'en_US', true, 1, 1,
                   {self.past("g", 1)}, now() at time zone 'UTC'
              FROM generate_series(1, %s) AS g
            """,
            (count,),
        )
        self.execute(
            """
            CREATE TABLE bench_partner AS
            SELECT substr(ref, 9)::int AS n, id, is_company FROM res_partner
             WHERE ref LIKE 'bench-p-%%';
            CREATE UNIQUE INDEX ON bench_partner (n);
            UPDATE res_partner p
               SET parent_id = c.id, commercial_partner_id = c.id,
                   complete_name = 'Bench Company ' || c.n || ', ' || p.name
              FROM bench_partner b JOIN bench_partner c ON c.n = b.n - ((b.n - 1) %% 10)
             WHERE p.id = b.id AND NOT b.is_company;
            UPDATE res_partner p SET commercial_partner_id = p.id
              FROM bench_partner b WHERE p.id = b.id AND b.is_company;
            """
        )

    def users(self, count):
        """``count`` portal users on the first contacts (not companies), karma 100."""
        portal = self.xmlid("base", "group_portal")
        company = self.scalar("SELECT min(id) FROM res_company")
        self.execute(
            """
            INSERT INTO res_users (login, partner_id, company_id, active, share,
                notification_type, karma, create_uid, write_uid, create_date, write_date)
            SELECT 'bench_user_' || row_number() OVER (ORDER BY b.n), b.id, %s, true, true,
                   'email', 100, 1, 1, now() at time zone 'UTC', now() at time zone 'UTC'
              FROM (SELECT * FROM bench_partner WHERE NOT is_company ORDER BY n LIMIT %s) b;
            CREATE TABLE bench_user AS
            SELECT substr(u.login, 12)::int AS n, u.id, u.partner_id
              FROM res_users u WHERE u.login LIKE 'bench\\_user\\_%%';
            CREATE UNIQUE INDEX ON bench_user (n);
            INSERT INTO res_groups_users_rel (gid, uid) SELECT %s, id FROM bench_user;
            INSERT INTO res_company_users_rel (cid, user_id) SELECT %s, id FROM bench_user;
            UPDATE res_partner p SET user_id = NULL FROM bench_user u WHERE p.id = u.partner_id;
            """,
            (company, count, portal, company),
        )

    def set_passwords(self, password_hash, count):
        """Give the first ``count`` generated users a login password (a precomputed hash)."""
        self.execute(
            "UPDATE res_users u SET password = %s FROM bench_user b WHERE u.id = b.id AND b.n <= %s",
            (password_hash, count),
        )

    def opportunities(self, count, partners):
        """``count`` opportunities on generated companies, a quarter of them won: the
        pipeline the ideas' demand value and the lead engagement read."""
        company = self.scalar("SELECT min(id) FROM res_company")
        team = self.scalar("SELECT min(id) FROM crm_team")
        companies = max(1, int(partners) // 10)
        self.execute(
            f"""
            INSERT INTO crm_lead (name, type, partner_id, stage_id, expected_revenue,
                probability, active, company_id, team_id, user_id, priority, email_from,
                create_uid, write_uid, create_date, write_date, date_open, date_last_stage_update)
            SELECT 'Bench deal ' || g, 'opportunity', p.id, s.id,
                   round((1000 + {self.rnd("g", 51)} * 49000)::numeric, 2),
                   CASE WHEN s.is_won THEN 100 ELSE 10 + floor({self.rnd("g", 52)} * 80) END,
                   true, %(company)s, %(team)s, 2, '0', 'deal' || g || '@example.com',
                   2, 2, d, d, d, d
              FROM generate_series(1, %(count)s) AS g
              JOIN bench_partner p ON p.n = 1 + 10 * ({self.pick("g", 53, companies)} - 1)
              JOIN LATERAL (SELECT id, COALESCE(is_won, false) AS is_won FROM crm_stage
                             ORDER BY sequence, id
                            OFFSET CASE WHEN g %% 4 = 0 THEN
                                (SELECT count(*) - 1 FROM crm_stage) ELSE g %% 3 END
                             LIMIT 1) s ON true
              CROSS JOIN LATERAL (SELECT {self.past("g", 54)} AS d) AS t
            """,
            {"company": company, "team": team, "count": count},
        )

    # ----------------------------------------------------------------- forum

    def forum(self, questions, posts, votes, users):
        """``questions`` questions plus answers up to ``posts`` posts, and ``votes`` upvotes,
        all in the first forum, by the generated users; counters set as the ORM would."""
        forum = self.scalar("SELECT min(id) FROM forum_forum")
        answers = max(0, posts - questions)
        self.execute(
            f"""
            INSERT INTO forum_post (forum_id, name, content, plain_content, state, active,
                is_correct, views, vote_count, child_count, favourite_count, relevancy,
                create_uid, write_uid, create_date, write_date, last_activity_date)
            SELECT %(forum)s, 'Bench question ' || g || ': how do I configure feature '
                       || (g %% 97) || '?',
                   '<p>Bench question ' || g || ' body with a few words of context.</p>',
                   'Bench question ' || g || ' body with a few words of context.',
                   'active', true, false, (g %% 50), 0, 0, 0, 0,
                   u.id, u.id, d, d, d
              FROM generate_series(1, %(questions)s) AS g
              CROSS JOIN LATERAL (SELECT {self.past("g", 11)} AS d) AS t
              JOIN bench_user u ON u.n = {self.pick("g", 12, users)};
            CREATE TABLE bench_question AS
            SELECT row_number() OVER (ORDER BY id)::int AS n, id, create_uid, create_date
              FROM forum_post WHERE name LIKE 'Bench question %%';
            CREATE UNIQUE INDEX ON bench_question (n);
            INSERT INTO forum_post (forum_id, parent_id, name, content, plain_content, state,
                active, is_correct, views, vote_count, child_count, favourite_count, relevancy,
                create_uid, write_uid, create_date, write_date, last_activity_date)
            SELECT %(forum)s, q.id, NULL, '<p>Bench answer ' || g || '.</p>',
                   'Bench answer ' || g || '.', 'active', true, g %% 7 = 0, 0, 0, 0, 0, 0,
                   u.id, u.id, d, d, d
              FROM generate_series(1, %(answers)s) AS g
              JOIN bench_question q ON q.n = {self.pick("g", 13, questions)}
              JOIN bench_user u ON u.n = {self.pick("g", 14, users)}
              CROSS JOIN LATERAL (SELECT q.create_date + make_interval(
                  secs => {self.rnd("g", 15)} * 86400 * 30) AS d) AS t
             WHERE u.id <> q.create_uid;
            """,
            {"forum": forum, "questions": questions, "answers": answers},
        )
        self.execute(
            f"""
            CREATE TEMP TABLE bench_post AS
            SELECT row_number() OVER (ORDER BY id)::int AS n, id, create_uid
              FROM forum_post WHERE forum_id = %(forum)s;
            CREATE UNIQUE INDEX ON bench_post (n);
            INSERT INTO forum_post_vote (post_id, user_id, forum_id, recipient_id, vote,
                create_uid, write_uid, create_date, write_date)
            SELECT DISTINCT ON (p.id, u.id) p.id, u.id, %(forum)s, p.create_uid, '1',
                   u.id, u.id, now() at time zone 'UTC', now() at time zone 'UTC'
              FROM generate_series(1, %(votes)s) AS g
              JOIN bench_post p ON p.n = {self.pick("g", 21, 1)} + floor(
                   power({self.rnd("g", 22)}, 3) * (SELECT count(*) FROM bench_post))::int
              JOIN bench_user u ON u.n = {self.pick("g", 23, users)}
             WHERE u.id <> p.create_uid;
            UPDATE forum_post p SET vote_count = v.c
              FROM (SELECT post_id, count(*) AS c FROM forum_post_vote GROUP BY post_id) v
             WHERE p.id = v.post_id;
            UPDATE forum_post p SET child_count = c.c,
                   last_activity_date = greatest(p.last_activity_date, c.last)
              FROM (SELECT parent_id, count(*) AS c, max(create_date) AS last
                      FROM forum_post WHERE parent_id IS NOT NULL GROUP BY parent_id) c
             WHERE p.id = c.parent_id;
            UPDATE forum_post p SET has_validated_answer = true
              FROM forum_post a WHERE a.parent_id = p.id AND a.is_correct;
            DROP TABLE bench_post;
            """,
            {"forum": forum, "votes": votes},
        )
        return forum

    # ----------------------------------------------------------------- ledger

    def engagement_types(self):
        """Three bench types with the half-lives a real setup would use (30, 180, 365 d)."""
        cols = self.columns("social_engagement_type")
        channel = None
        if "channel_id" in cols:
            channel = self.scalar("SELECT id FROM social_channel ORDER BY code = 'manual' DESC, id LIMIT 1")
        values = {
            "code": "'bench_' || g",
            "name": """jsonb_build_object('en_US', 'Bench type ' || g)""",
            "default_points": "(ARRAY[1, 5, 10])[g]",
            "half_life_days": "(ARRAY[30, 180, 365])[g]",
            "daily_cap": "0",
            "active": "true",
            "channel_id": str(channel) if channel else None,
            "sequence": "100 + g",
            "create_uid": "1",
            "write_uid": "1",
            "create_date": "now() at time zone 'UTC'",
            "write_date": "now() at time zone 'UTC'",
        }
        values = {k: v for k, v in values.items() if k in cols and v is not None}
        self.execute(
            f"""
            INSERT INTO social_engagement_type ({", ".join(values)})
            SELECT {", ".join(values.values())} FROM generate_series(1, 3) AS g
            """
        )
        self.execute(
            """
            CREATE TABLE bench_type AS
            SELECT substr(code, 7)::int AS n, id, default_points, %s::int AS channel_id
              FROM social_engagement_type WHERE code LIKE 'bench\\_%%'
            """,
            (channel,),
        )

    def ledger(self, rows, partners):
        """``rows`` ledger rows over the generated partners (skewed: few very active ones),
        3 types, dates over three years, 2 %% compensations."""
        cols = self.columns("social_engagement")
        company = self.scalar("SELECT min(id) FROM res_company")
        values = {
            "partner_id": "p.id",
            "commercial_partner_id": "rp.commercial_partner_id",
            "type_id": "t.id",
            "channel_id": "t.channel_id",
            "points": "CASE WHEN g %% 50 = 0 THEN -t.default_points ELSE t.default_points END",
            "date": self.past("g", 31),
            "res_model": "'res.partner'",
            "res_id": "p.id",
            "company_id": str(company),
            "is_compensation": "g %% 50 = 0",
            "create_uid": "1",
            "write_uid": "1",
            "create_date": "now() at time zone 'UTC'",
            "write_date": "now() at time zone 'UTC'",
        }
        values = {k: v for k, v in values.items() if k in cols}
        self.execute(
            f"""
            INSERT INTO social_engagement ({", ".join(values)})
            SELECT {", ".join(values.values())}
              FROM generate_series(1, %s) AS g
              JOIN bench_partner p ON p.n = 1 + floor(
                   power({self.rnd("g", 32)}, 2) * {int(partners)})::int
              JOIN res_partner rp ON rp.id = p.id
              JOIN bench_type t ON t.n = {self.pick("g", 33, 3)}
            """,
            (rows,),
        )

    # ----------------------------------------------------------------- ideas

    def ideas(self, count, votes, partners, hidden=10):
        """``count`` ideas by generated partners (the last ``hidden`` unpublished, so that
        the list's last page is partial), ``votes`` votes spread with a long tail; counters
        stored the way social_crm_ideas keeps them."""
        cols = self.columns("social_idea")
        company = self.scalar("SELECT min(id) FROM res_company")
        stage = self.scalar(
            "SELECT id FROM social_idea_stage WHERE NOT COALESCE(is_closed, false) ORDER BY sequence, id LIMIT 1"
        )
        values = {
            "name": "'Bench idea ' || g || ': please support export format ' || (g %% 89)",
            "description": "'<p>Bench idea ' || g || ' would save us time every week.</p>'",
            "author_id": "p.id",
            "stage_id": str(stage),
            "is_closed": "false",
            "date_stage": "d",
            "is_published": f"g <= {int(count) - int(hidden)}",
            "company_id": str(company),
            "vote_count": "0",
            "recent_vote_count": "0",
            "demand_value": "0",
            "demand_company_count": "0",
            "create_uid": "1",
            "write_uid": "1",
            "create_date": "d",
            "write_date": "d",
        }
        values = {k: v for k, v in values.items() if k in cols}
        self.execute(
            f"""
            INSERT INTO social_idea ({", ".join(values)})
            SELECT {", ".join(values.values())}
              FROM generate_series(1, %s) AS g
              JOIN bench_partner p ON p.n = {self.pick("g", 41, partners)}
              CROSS JOIN LATERAL (SELECT {self.past("g", 42)} AS d) AS t
            """,
            (count,),
        )
        self.execute(
            """
            CREATE TABLE bench_idea AS
            SELECT row_number() OVER (ORDER BY id)::int AS n, id, author_id, create_date
              FROM social_idea WHERE name LIKE 'Bench idea %%';
            CREATE UNIQUE INDEX ON bench_idea (n);
            """
        )
        vote_cols = self.columns("social_idea_vote")
        values = {
            "idea_id": "i.id",
            "partner_id": "p.id",
            "date": "i.create_date + (now() at time zone 'UTC' - i.create_date) * r.x",
            "is_proxy": "false",
            "recorded_by_id": "1",
            "voter_company_id": "rp.commercial_partner_id",
            "company_id": str(company),
            "create_uid": "1",
            "write_uid": "1",
            "create_date": "now() at time zone 'UTC'",
            "write_date": "now() at time zone 'UTC'",
        }
        values = {k: v for k, v in values.items() if k in vote_cols}
        # popular ideas get many votes: the idea is picked with a cubic skew
        self.execute(
            f"""
            INSERT INTO social_idea_vote ({", ".join(values)})
            SELECT DISTINCT ON (i.id, p.id) {", ".join(values.values())}
              FROM generate_series(1, %s) AS g
              JOIN bench_idea i ON i.n = 1 + floor(power({self.rnd("g", 43)}, 3) * %s)::int
              JOIN bench_partner p ON p.n = {self.pick("g", 44, partners)}
              JOIN res_partner rp ON rp.id = p.id
              CROSS JOIN LATERAL (SELECT {self.rnd("g", 45)} AS x) AS r
             WHERE p.id <> i.author_id
            """,
            (votes, count),
        )
        self.execute(
            """
            UPDATE social_idea i SET vote_count = v.total, recent_vote_count = v.recent
              FROM (SELECT idea_id, count(*) AS total,
                           count(*) FILTER (WHERE date >= now() at time zone 'UTC'
                                                  - interval '14 days') AS recent
                      FROM social_idea_vote GROUP BY idea_id) v
             WHERE i.id = v.idea_id
            """
        )

    def fresh_ideas(self, count, author_partner_id):
        """``count`` published open ideas without votes, for the concurrency figure."""
        cols = self.columns("social_idea")
        company = self.scalar("SELECT min(id) FROM res_company")
        stage = self.scalar(
            "SELECT id FROM social_idea_stage WHERE NOT COALESCE(is_closed, false) ORDER BY sequence, id LIMIT 1"
        )
        values = {
            "name": "'Bench race idea ' || g",
            "author_id": str(int(author_partner_id)),
            "stage_id": str(stage),
            "is_closed": "false",
            "is_published": "true",
            "company_id": str(company),
            "vote_count": "0",
            "recent_vote_count": "0",
            "demand_value": "0",
            "demand_company_count": "0",
            "date_stage": "now() at time zone 'UTC'",
            "create_uid": "1",
            "write_uid": "1",
            "create_date": "now() at time zone 'UTC'",
            "write_date": "now() at time zone 'UTC'",
        }
        values = {k: v for k, v in values.items() if k in cols}
        with self.cnx.cursor() as cr:
            cr.execute(
                f"INSERT INTO social_idea ({', '.join(values)}) "
                f"SELECT {', '.join(values.values())} FROM generate_series(1, %s) AS g "
                "RETURNING id",
                (count,),
            )
            return sorted(r[0] for r in cr.fetchall())

    def fresh_questions(self, count, author_user_id):
        """``count`` new forum questions without votes, for the concurrency reference."""
        forum = self.scalar("SELECT min(id) FROM forum_forum")
        with self.cnx.cursor() as cr:
            cr.execute(
                """
                INSERT INTO forum_post (forum_id, name, content, plain_content, state, active,
                    is_correct, views, vote_count, child_count, favourite_count, relevancy,
                    create_uid, write_uid, create_date, write_date, last_activity_date)
                SELECT %s, 'Bench race question ' || g, '<p>Race.</p>', 'Race.', 'active', true,
                       false, 0, 0, 0, 0, 0, %s, %s, now() at time zone 'UTC',
                       now() at time zone 'UTC', now() at time zone 'UTC'
                  FROM generate_series(1, %s) AS g
                RETURNING id
                """,
                (forum, author_user_id, author_user_id, count),
            )
            return forum, sorted(r[0] for r in cr.fetchall())
