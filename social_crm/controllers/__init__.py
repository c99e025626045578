from . import api, groups, portal
