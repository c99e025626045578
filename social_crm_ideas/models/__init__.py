from . import (
    crm_lead,
    res_config_settings,
    res_partner,
    social_crm_dashboard,
    social_idea,
    social_idea_stage,
    social_idea_tag,
    social_idea_vote,
)
