from . import groups, main, portal
