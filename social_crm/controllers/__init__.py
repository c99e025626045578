from . import api, groups, leaderboard, portal
