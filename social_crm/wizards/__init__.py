from . import social_ambassador_invite, social_crm_intake_key, social_mention_link
