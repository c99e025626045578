from .rpc import rpc_safe
from .install import precreate_column, precreate_relation
