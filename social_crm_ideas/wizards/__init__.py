from . import social_idea_lead, social_idea_merge, social_idea_status_wizard
