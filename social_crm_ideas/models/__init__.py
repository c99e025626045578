from . import crm_lead, res_config_settings, social_idea, social_idea_stage, social_idea_tag, social_idea_vote
