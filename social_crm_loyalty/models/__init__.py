from . import loyalty_card, res_partner, social_ambassador_tier
