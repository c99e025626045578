import logging
import random
import threading
import time
import xmlrpc.client
from contextlib import contextmanager
from datetime import timedelta

from psycopg2 import IntegrityError

from odoo import SUPERUSER_ID, api, fields
from odoo.exceptions import UserError
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY, _as_validation_error
from odoo.sql_db import db_connect
from odoo.tests import TransactionCase, new_test_user


class SocialCrmCommon(TransactionCase):
    """Fixtures shared by the tests of social_crm and of its producer addons.

    Independent from demo data: existing tiers are archived and replaced by test tiers,
    and a dedicated engagement type is created.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.company = cls.env.company
        cls.channel = cls.env["social.channel"].create(
            {"name": "Test channel", "code": "test_channel", "allows_handle": True}
        )
        cls.engagement_type = cls.env["social.engagement.type"].create(
            {
                "name": "Test answer",
                "code": "test_answer",
                "channel_id": cls.channel.id,
                "default_points": 10.0,
                "half_life_days": 0.0,
            }
        )
        cls.env["social.ambassador.tier"].search([]).write({"active": False})
        Tier = cls.env["social.ambassador.tier"]
        cls.tier_member = Tier.create({"name": "Test Member", "min_score": 1, "sequence": 1})
        cls.tier_advocate = Tier.create({"name": "Test Advocate", "min_score": 50, "sequence": 2})
        cls.tier_champion = Tier.create({"name": "Test Champion", "min_score": 200, "sequence": 3})

        Partner = cls.env["res.partner"]
        cls.customer_company = Partner.create({"name": "Test Community Corp", "is_company": True})
        cls.partner_alice = Partner.create(
            {
                "name": "Alice Community",
                "email": "alice@example.com",
                "parent_id": cls.customer_company.id,
                "community_member": True,
                "community_contact_consent": True,
            }
        )
        cls.partner_bob = Partner.create(
            {
                "name": "Bob Community",
                "email": "bob@example.com",
                "parent_id": cls.customer_company.id,
                "community_member": True,
            }
        )
        cls.partner_carol = Partner.create(
            {"name": "Carol Solo", "email": "carol@example.com", "community_member": True}
        )
        cls.user_portal = new_test_user(
            cls.env,
            login="social_crm_portal",
            groups="base.group_portal",
            name="Dana Portal",
            email="dana@example.com",
        )
        cls.partner_portal = cls.user_portal.partner_id
        cls.user_portal_other = new_test_user(
            cls.env,
            login="social_crm_portal_other",
            groups="base.group_portal",
            name="Eve Portal",
            email="eve@example.com",
        )
        cls.user_sales = new_test_user(
            cls.env,
            login="social_crm_sales",
            groups="sales_team.group_sale_salesman,social_crm.group_social_crm_user",
            name="Sam Sales",
        )
        cls.user_manager = new_test_user(
            cls.env,
            login="social_crm_manager",
            groups="sales_team.group_sale_manager,social_crm.group_social_crm_manager",
            name="Max Manager",
        )

    @classmethod
    def record(cls, partner, points=None, days_ago=0, engagement_type=None, res_id=False, **extra):
        """Record one event for ``partner`` through the public API."""
        event = {
            "partner_id": partner.id,
            "type_code": (engagement_type or cls.engagement_type).code,
            "date": fields.Datetime.now() - timedelta(days=days_ago),
            "res_model": "res.partner" if res_id else False,
            "res_id": res_id,
            **extra,
        }
        if points is not None:
            event["points"] = points
        return cls.env["social.engagement"].sudo().record_events([event])

    def flush_tracking(self):
        """Tracking values are written at pre-commit; run it to inspect chatter."""
        self.env.flush_all()
        self.env.cr.precommit.run()

    @classmethod
    def make_type(cls, code, **vals):
        return cls.env["social.engagement.type"].create(
            {
                "name": code,
                "code": code,
                "channel_id": cls.channel.id,
                "default_points": 1.0,
                "half_life_days": 0.0,
                **vals,
            }
        )


class ConcurrentTransactionsCase(TransactionCase):
    """Real concurrent transactions, one database connection each, committed.

    HttpCase serializes the requests of its test server on one cursor: these helpers run
    calls in threads with their own cursors, retrying serialization failures like Odoo's
    HTTP layer does (odoo.service.model.retrying). What they commit is the test's to clean.
    """

    def run_committed(self, func, uid=SUPERUSER_ID, context=None):
        """Run ``func(env)`` in its own transaction and commit it, retrying conflicts."""
        for attempt in range(1, 16):
            with db_connect(self.cr.dbname).cursor() as cr:
                # Bind the registry explicitly: looking it up by name would wait for the
                # registry lock, which the test runner holds while tests run.
                cr.transaction = api.Transaction(self.registry)
                env = api.Environment(cr, uid, dict({"tracking_disable": True}, **(context or {})))
                try:
                    result = func(env)
                    env.flush_all()
                    # Committing is the point: other connections must see the result.
                    cr.commit()  # pylint: disable=invalid-commit
                    return result
                except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY:
                    cr.rollback()
                except IntegrityError as exc:
                    cr.rollback()
                    raise _as_validation_error(env, exc) from exc
            time.sleep(random.uniform(0, min(0.05 * 2**attempt, 1.0)))
        raise AssertionError("too many serialization failures")

    def race(self, calls, context=None):
        """Start every ``(func, uid)`` call at once, each in its own transaction (``context``:
        see ``run_committed``); return the outcomes: "ok", or the message of the user error it
        raised."""
        results = []
        barrier = threading.Barrier(len(calls))

        def run(func, uid):
            barrier.wait(timeout=60)
            try:
                self.run_committed(func, uid=uid, context=context)
                results.append("ok")
            except UserError as exc:
                results.append(str(exc))

        threads = [threading.Thread(target=run, args=call, daemon=True) for call in calls]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=180)
            self.assertFalse(thread.is_alive(), "a transaction never finished")
        return results

    @contextmanager
    def logged(self, *loggers, level=logging.ERROR):
        """Collect (instead of printing) the records of ``level`` and above of these loggers."""
        records = []

        class Collect(logging.Handler):
            def emit(self, record):
                if record.levelno >= level:
                    records.append(record)

        handler = Collect()
        saved = {}
        for name in loggers:
            logger = logging.getLogger(name)
            saved[name] = (logger.handlers, logger.propagate)
            logger.handlers, logger.propagate = [handler], False
        try:
            yield records
        finally:
            for name in loggers:
                logging.getLogger(name).handlers, logging.getLogger(name).propagate = saved[name]


class RpcMixin:
    """Odoo's external API (XML-RPC) as an outside client calls it, for HttpCase tests."""

    def rpc(self, user, model, method, *args, **kwargs):
        """Call ``model.method`` logged in as ``user`` (test users' password is their login)."""
        return self.xmlrpc_object.execute_kw(self.env.cr.dbname, user.id, user.login, model, method, list(args), kwargs)

    def assertRpcRefused(self, user, model, method, *args, **kwargs):
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            self.rpc(user, model, method, *args, **kwargs)
        return caught.exception.faultString
