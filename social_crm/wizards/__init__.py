from . import social_ambassador_invite
