from . import social_idea_lead, social_idea_merge
