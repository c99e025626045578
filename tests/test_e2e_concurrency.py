"""End-to-end concurrency: real clients at once, each with its own connection, against the
running server (Odoo's external API, as an integration or a script would hammer it)."""

import threading
import uuid
import xmlrpc.client

import pytest

pytestmark = pytest.mark.e2e

RATE_LIMIT_KEY = "social_crm_ideas.submission_rate_limit"
REVIEW_KEY = "social_crm_ideas.review_before_publish"


def test_concurrent_idea_submissions_respect_the_rate_limit(rpc_login, server_log_errors):
    """20 submissions at once by one portal customer under a limit of 3, ideas going to review:
    exactly 3 are accepted, the others get the rate-limit message, and 3 ideas exist. The
    conflicts between them are retried by Odoo: the server logs no error for them."""
    limit, attempts = 3, 20
    admin = rpc_login("admin", "admin")
    saved = {key: admin("ir.config_parameter", "get_param", key) for key in (RATE_LIMIT_KEY, REVIEW_KEY)}
    login = f"test_rate_limit_{uuid.uuid4().hex[:8]}"
    portal_group = admin("ir.model.data", "check_object_reference", "base", "group_portal")[1]
    # the external API's form of Command.set([portal_group])
    uid = admin(
        "res.users", "create", {"name": login, "login": login, "password": login, "groups_id": [[6, 0, [portal_group]]]}
    )
    partner_id = admin("res.users", "read", [uid], ["partner_id"])[0]["partner_id"][0]
    try:
        admin("ir.config_parameter", "set_param", RATE_LIMIT_KEY, str(limit))
        admin("ir.config_parameter", "set_param", REVIEW_KEY, "True")
        clients = [rpc_login(login, login) for _n in range(attempts)]
        barrier = threading.Barrier(attempts)
        results = [None] * attempts

        def submit(n):
            barrier.wait()
            try:
                clients[n]("social.idea", "create", [{"name": f"Test rate limited idea {n}"}])
                results[n] = "ok"
            except xmlrpc.client.Fault as fault:
                results[n] = fault.faultString

        threads = [threading.Thread(target=submit, args=(n,)) for n in range(attempts)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
        assert results.count("ok") == limit, results
        refused = [result for result in results if result != "ok"]
        assert len(refused) == attempts - limit
        assert all("in the last hour" in result for result in refused), refused[:2]
        assert admin("social.idea", "search_count", [("author_id", "=", partner_id)]) == limit
        assert not server_log_errors()
    finally:
        ideas = admin("social.idea", "search", [("author_id", "=", partner_id)])
        if ideas:
            admin("social.idea", "unlink", ideas)
        admin("res.users", "write", [uid], {"active": False})
        for key, value in saved.items():
            admin("ir.config_parameter", "set_param", key, value)  # False removes it
