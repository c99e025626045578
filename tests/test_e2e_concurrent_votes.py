"""End-to-end: customers voting at the same moment, each from their own browser session.

Real concurrent clients (threads, one HTTP session and so one server worker thread and one
database transaction each) against the running server: the vote counts stay exact, a
double click from two tabs records one vote, and withdrawing at once leaves the right count.
(An HttpCase runs its requests one after the other on one cursor: it cannot show this.)
"""

import threading
import uuid

import pytest
import requests

pytestmark = pytest.mark.e2e

VOTERS = 12


def _session(server_url, db, login, password):
    session = requests.Session()
    response = session.post(
        f"{server_url}/web/session/authenticate",
        json={"jsonrpc": "2.0", "method": "call", "params": {"db": db, "login": login, "password": password}},
        timeout=60,
    )
    response.raise_for_status()
    assert response.json().get("result"), f"cannot log in as {login}"
    return session


def _vote(server_url, session, idea_id, action, results, barrier):
    barrier.wait()  # every client sends at the same moment
    response = session.post(
        f"{server_url}/ideas/vote/json",
        json={"jsonrpc": "2.0", "method": "call", "id": 1, "params": {"idea_id": idea_id, "vote_action": action}},
        timeout=120,
    )
    results.append(response.json().get("result"))


def _race(server_url, calls):
    results, barrier = [], threading.Barrier(len(calls))
    threads = [
        threading.Thread(target=_vote, args=(server_url, session, idea_id, action, results, barrier))
        for session, idea_id, action in calls
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_concurrent_votes_from_separate_sessions(rpc_login, server_url, test_db):
    admin = rpc_login("admin", "admin")
    run = uuid.uuid4().hex[:8]
    portal_group = admin("ir.model.data", "check_object_reference", "base", "group_portal")[1]
    author = admin("res.partner", "create", {"name": f"E2E idea author {run}"})
    idea_id = admin(
        "social.idea", "create", {"name": f"E2E concurrent votes {run}", "author_id": author, "is_published": True}
    )
    # the author's own vote: an idea's first voter
    base = admin("social.idea", "read", [idea_id], ["vote_count"])[0]["vote_count"]
    logins = [f"e2e-voter-{run}-{i}@example.com" for i in range(VOTERS)]
    admin(
        "res.users",
        "create",
        [{"name": f"E2E voter {i}", "login": login, "password": login, "groups_id": [(6, 0, [portal_group])]}
         for i, login in enumerate(logins)],
    )  # fmt: skip
    sessions = [_session(server_url, test_db, login, login) for login in logins]

    # everyone at once, the first customer also from a second tab (same session)
    calls = [(session, idea_id, "vote") for session in sessions] + [(sessions[0], idea_id, "vote")]
    results = _race(server_url, calls)
    assert len([r for r in results if r and "vote_count" in r]) == VOTERS, results
    errors = [r["error"] for r in results if r and "error" in r]
    assert len(errors) == 1 and "already voted" in errors[0], results
    idea = admin("social.idea", "read", [idea_id], ["vote_count"])[0]
    assert idea["vote_count"] == base + VOTERS
    assert admin("social.idea.vote", "search_count", [("idea_id", "=", idea_id)]) == base + VOTERS

    # half of them change their mind at the same time
    results = _race(server_url, [(session, idea_id, "unvote") for session in sessions[: VOTERS // 2]])
    assert all(r and r.get("voted") is False for r in results), results
    idea = admin("social.idea", "read", [idea_id], ["vote_count"])[0]
    assert idea["vote_count"] == base + VOTERS - VOTERS // 2
    assert admin("social.idea.vote", "search_count", [("idea_id", "=", idea_id)]) == base + VOTERS - VOTERS // 2
