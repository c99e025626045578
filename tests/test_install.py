"""The three addons install, upgrade and uninstall cleanly on fresh databases, alone and together.

Each test works on its own throwaway database (without demo data, which the main
test database already covers) and drops it at the end.
"""

import pytest

pytestmark = pytest.mark.install

CORE_TABLES = ("social_engagement", "social_engagement_type", "social_ambassador_tier", "social_channel")

RECORD_EVENT = """
    partner = env['res.partner'].create({'name': 'Install test member', 'email': 'member@example.com'})
    etype = env['social.engagement.type'].create({
        'code': 'install_test', 'name': 'Install test', 'default_points': 10.0, 'half_life_days': 0.0,
        'channel_id': env['social.channel'].search([], limit=1).id})
    env['social.engagement'].record_events([{'partner_id': partner.id, 'type_code': 'install_test'}])
    print(partner.id)
"""


def test_core_alone_install_upgrade_uninstall(odoo_runner, throwaway_db):
    db = throwaway_db
    odoo_runner.odoo(db, "-i", "social_crm", "--without-demo", "all")
    assert odoo_runner.states(db, "social_crm", "crm", "portal") == {
        "social_crm": "installed",
        "crm": "installed",
        "portal": "installed",
    }
    assert odoo_runner.tables(db, *CORE_TABLES) == set(CORE_TABLES)
    partner_id = int(odoo_runner.script(db, RECORD_EVENT).split()[-1])

    # An upgrade keeps the ledger and the stored score.
    odoo_runner.odoo(db, "-u", "social_crm")
    out = odoo_runner.script(
        db,
        f"""
        partner = env['res.partner'].browse({partner_id})
        rows = env['social.engagement'].search([('partner_id', '=', partner.id)])
        print(len(rows), partner.ambassador_score)
    """,
    )
    count, score = out.split()
    assert int(count) == 1 and float(score) == pytest.approx(10.0)

    odoo_runner.uninstall(db, "social_crm")
    assert odoo_runner.states(db, "social_crm", "crm")["social_crm"] == "uninstalled"
    assert odoo_runner.states(db, "crm")["crm"] == "installed"
    assert odoo_runner.tables(db, *CORE_TABLES) == set()
    # Stock CRM still works after the uninstall.
    out = odoo_runner.script(
        db,
        """
        lead = env['crm.lead'].create({'name': 'After uninstall'})
        print(lead.name, 'ambassador_score' in env['res.partner']._fields)
    """,
    )
    assert out.split()[-1] == "False"


def test_producers_alone_then_together_upgrade_uninstall(odoo_runner, throwaway_db):
    db = throwaway_db
    odoo_runner.odoo(db, "-i", "social_crm_forum", "--without-demo", "all")
    assert odoo_runner.states(db, "social_crm", "social_crm_forum", "social_crm_ideas") == {
        "social_crm": "installed",
        "social_crm_forum": "installed",
        "social_crm_ideas": "uninstalled",
    }

    # Forum activity lands in the ledger; the uninstall below must cope with those rows.
    out = odoo_runner.script(
        db,
        """
        from odoo import Command
        asker = env['res.partner'].create({'name': 'Forum asker', 'email': 'asker@example.com'})
        user = env['res.users'].create({'name': 'Forum asker', 'login': 'asker@example.com',
                                        'partner_id': asker.id, 'karma': 100,
                                        'groups_id': [Command.set(env.ref('base.group_portal').ids)]})
        forum = env['forum.forum'].create({'name': 'Install test forum'})
        env['forum.post'].with_user(user).create({'name': 'How do I?', 'content': 'Help', 'forum_id': forum.id})
        print(env['social.engagement'].search_count([('partner_id', '=', asker.id)]))
    """,
    )
    assert int(out.split()[-1]) >= 1

    odoo_runner.odoo(db, "-i", "social_crm_ideas", "--without-demo", "all")
    assert odoo_runner.tables(db, "social_idea", "social_idea_vote") == {"social_idea", "social_idea_vote"}
    partner_id = int(odoo_runner.script(db, RECORD_EVENT).split()[-1])

    odoo_runner.odoo(db, "-u", "social_crm,social_crm_forum,social_crm_ideas")
    out = odoo_runner.script(
        db,
        f"""
        print(env['social.engagement'].search_count([('partner_id', '=', {partner_id})]),
              env['social.engagement.type'].search_count([]))
    """,
    )
    rows, types = map(int, out.split())
    assert rows == 1 and types > 3

    odoo_runner.uninstall(db, "social_crm_ideas")
    assert odoo_runner.tables(db, "social_idea", "social_idea_vote") == set()
    odoo_runner.uninstall(db, "social_crm_forum")
    states = odoo_runner.states(db, "social_crm", "social_crm_forum", "social_crm_ideas", "website_forum")
    assert states == {
        "social_crm": "installed",
        "social_crm_forum": "uninstalled",
        "social_crm_ideas": "uninstalled",
        "website_forum": "installed",
    }
    # The producers' types and rows went with them; the core's own ledger row is kept.
    out = odoo_runner.script(
        db,
        """
        print(env['social.engagement'].search_count([('type_id.code', 'not like', 'forum')]),
              env['social.engagement.type'].search_count([('code', '=like', 'forum%')]))
    """,
    )
    assert out.split() == ["1", "0"]
    odoo_runner.uninstall(db, "social_crm")
    assert odoo_runner.tables(db, *CORE_TABLES) == set()


def test_install_on_existing_contacts_computes_nothing_per_contact(odoo_runner, throwaway_db):
    """The scores, groups and vote counts the addons add to existing contacts and leads are
    created with their value at install (0, none), not computed contact by contact: on a big
    database that took minutes (one write per contact for the groups)."""
    db = throwaway_db
    odoo_runner.odoo(db, "-i", "crm", "--without-demo", "all")
    odoo_runner.script(
        db,
        """
        partners = env['res.partner'].create([{'name': f'Existing {n}'} for n in range(300)])
        env['crm.lead'].create([{'name': f'Deal {n}', 'partner_id': p.id} for n, p in enumerate(partners[:50])])
    """,
    )
    log = odoo_runner.odoo(db, "-i", "social_crm,social_crm_ideas", "--without-demo", "all")
    ours = ("ambassador_", "community_", "idea_")
    computed = [line for line in log.splitlines() if "Prepare computation of" in line and any(f in line for f in ours)]
    assert not computed, computed
    out = odoo_runner.script(
        db,
        """
        cr = env.cr
        cr.execute('''SELECT COUNT(*), COUNT(*) FILTER (WHERE ambassador_score = 0 AND ambassador_recent_gain = 0
                                                   AND idea_open_vote_count = 0 AND ambassador_tier_id IS NULL
                                                   AND community_last_activity IS NULL)
                        FROM res_partner WHERE name LIKE 'Existing %%' ''')
        print(*cr.fetchone())
        cr.execute("SELECT COUNT(*) FILTER (WHERE ambassador_score = 0 AND ambassador_tier_id IS NULL) FROM crm_lead")
        print(*cr.fetchone())
        # the database keeps no default (the ORM's rule), and the groups' relation has its keys
        cr.execute('''SELECT COUNT(*) FROM information_schema.columns
                       WHERE table_name IN ('res_partner', 'crm_lead') AND column_default IS NOT NULL
                         AND column_name IN ('ambassador_score', 'ambassador_recent_gain', 'idea_open_vote_count')''')
        print(*cr.fetchone())
        cr.execute('''SELECT COUNT(*) FROM pg_constraint
                       WHERE conrelid = 'social_affinity_group_res_partner_rel'::regclass AND contype = 'f' ''')
        print(*cr.fetchone())
        partner = env['res.partner'].search([('name', '=', 'Existing 7')])
        etype = env['social.engagement.type'].create({
            'code': 'install_test', 'name': 'Install test', 'default_points': 10.0, 'half_life_days': 0.0,
            'channel_id': env['social.channel'].search([], limit=1).id})
        env['social.engagement'].record_events([{'partner_id': partner.id, 'type_code': 'install_test'}])
        env.flush_all()  # the leads get their customer's score when it is written
        env.invalidate_all()
        lead = env['crm.lead'].search([('partner_id', '=', partner.id)])
        print(partner.ambassador_score, lead.ambassador_score)
    """,
    )
    partners, lead_line, defaults, keys, scores = out.strip().splitlines()
    assert partners == "300 300"
    assert lead_line == "50"
    assert defaults == "0"
    assert keys == "2"
    assert scores.split() == ["10.0", "10.0"]
