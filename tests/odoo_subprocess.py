"""Odoo in subprocesses on throwaway databases (install, upgrade, uninstall), for the pytest suite.

It starts Odoo through the project's one launcher, ``tools/odoo_runner.py``, configured by the
harness (``make test``); this module only adds the questions the install tests ask.
"""

import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))

from odoo_runner import OdooRunner  # noqa: E402


class OdooProcess(OdooRunner):
    def odoo(self, db, *args):
        """Run Odoo with the given arguments until it stops; fail on any error in its log."""
        return self.check_run(db, *args)

    def uninstall(self, db, *modules):
        self.script(
            db,
            f"""
            mods = env['ir.module.module'].search([('name', 'in', {list(modules)!r})])
            assert len(mods) == {len(modules)}, mods
            mods.button_immediate_uninstall()
        """,
        )

    def states(self, db, *modules):
        out = self.script(
            db,
            f"""
            for m in env['ir.module.module'].search([('name', 'in', {list(modules)!r})]):
                print(m.name, m.state)
        """,
        )
        return dict(line.split() for line in out.splitlines() if line.strip())

    @staticmethod
    def tables(db, *names):
        """Which of these tables exist in ``db`` (names are the tests' own constants)."""
        assert all(name.replace("_", "").isalnum() for name in names), names
        array = "ARRAY[%s]::name[]" % ",".join(f"'{name}'" for name in names)
        sql = f"SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename = ANY({array})"
        out = subprocess.run(
            ["psql", "-X", "-q", "-t", "-A", "-d", db, "-c", sql], capture_output=True, text=True, check=True
        ).stdout
        return set(out.split())
