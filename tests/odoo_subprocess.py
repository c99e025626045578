"""Run Odoo in subprocesses on throwaway databases (install, upgrade, uninstall)."""

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

ERROR_LINE = re.compile(r"^\d{4}-\d\d-\d\d [\d:,]+ \d+ (ERROR|CRITICAL) ", re.M)

SCRIPT_PRELUDE = """
import sys, odoo
from odoo.tools import config
config.parse_config(['-d', sys.argv[1], '--addons-path', sys.argv[2], '--log-level', 'warn'])
registry = odoo.modules.registry.Registry.new(sys.argv[1])
with registry.cursor() as cr:
    env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
"""


class OdooRunner:
    def __init__(self, addons_path, odoo_root):
        self.addons_path = addons_path
        self.env = dict(os.environ)
        self.env["PYTHONPATH"] = os.pathsep.join(p for p in [odoo_root, self.env.get("PYTHONPATH", "")] if p)

    def odoo(self, db, *args):
        """Run odoo with the given arguments until it stops; fail on any error in its log."""
        cmd = [sys.executable, "-m", "odoo", "-d", db, "--addons-path", self.addons_path,
               "--db-filter", f"^{db}$", "--stop-after-init", "--no-http", "--log-level", "info", *args]
        proc = subprocess.run(cmd, capture_output=True, text=True, env=self.env, cwd="/", timeout=1200)
        log = proc.stdout + proc.stderr
        errors = [line for line in log.splitlines() if ERROR_LINE.match(line)]
        assert proc.returncode == 0 and not errors, "odoo %s failed:\n%s" % (" ".join(args), "\n".join(
            errors or log.splitlines()[-30:]))
        return log

    def script(self, db, body):
        """Run ``body`` (Python, with ``env`` as superuser; commits at the end) and return its stdout."""
        code = SCRIPT_PRELUDE + textwrap.indent(textwrap.dedent(body), "    ")
        proc = subprocess.run([sys.executable, "-c", code, db, self.addons_path], capture_output=True, text=True,
                              env=self.env, cwd="/", timeout=1200)
        assert proc.returncode == 0, f"script failed:\n{proc.stderr[-4000:]}"
        return proc.stdout

    def uninstall(self, db, *modules):
        self.script(db, f"""
            mods = env['ir.module.module'].search([('name', 'in', {list(modules)!r})])
            assert len(mods) == {len(modules)}, mods
            mods.button_immediate_uninstall()
        """)

    def states(self, db, *modules):
        out = self.script(db, f"""
            for m in env['ir.module.module'].search([('name', 'in', {list(modules)!r})]):
                print(m.name, m.state)
        """)
        return dict(line.split() for line in out.splitlines() if line.strip())

    @staticmethod
    def drop(db):
        subprocess.run(["psql", "-X", "-q", "-d", "postgres", "-c", f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)'],
                       check=False, capture_output=True)
        import shutil  # noqa: PLC0415

        shutil.rmtree(Path.home() / ".local/share/Odoo/filestore" / db, ignore_errors=True)

    @staticmethod
    def tables(db, *names):
        out = subprocess.run(["psql", "-X", "-q", "-t", "-A", "-d", db, "-c",
                              "SELECT tablename FROM pg_tables WHERE schemaname='public' AND tablename = ANY(%s)"
                              % ("ARRAY[%s]::name[]" % ",".join(f"'{n}'" for n in names))],
                             capture_output=True, text=True, check=True).stdout
        return set(out.split())
