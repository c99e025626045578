from . import groups, main, portal, roadmap
