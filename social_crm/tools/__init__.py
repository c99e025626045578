from .rpc import rpc_safe
