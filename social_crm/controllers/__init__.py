from . import groups, portal
