"""What a public method answers over XML-RPC.

Odoo commits the transaction before it marshals the answer: a value XML-RPC cannot carry
(``None``, a recordset, a dict with integer or tuple keys) faults *after* the work is done,
and a client that retries on the fault does it twice. Public methods whose Python answer is
richer than that are decorated with ``@api.returns("self", rpc_safe)``: Python callers keep the
rich value, RPC clients get a plain one (``api.call_kw`` applies the downgrade).
"""

from odoo.models import BaseModel


def rpc_safe(value):
    """``value`` with recordsets as ids, dict keys as strings, tuples as lists, None as False."""
    if value is None:
        return False
    if isinstance(value, BaseModel):
        return value.ids
    if isinstance(value, dict):
        return {_key(key): rpc_safe(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [rpc_safe(item) for item in value]
    return value


def _key(key):
    if isinstance(key, tuple):
        return ",".join("" if part is None or part is False else str(part) for part in key)
    return str(key)
