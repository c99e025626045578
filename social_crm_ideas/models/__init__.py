from . import (
    crm_lead,
    res_config_settings,
    res_partner,
    social_affinity_group,
    social_affinity_group_standing,
    social_crm_dashboard,
    social_idea,
    social_idea_stage,
    social_idea_tag,
    social_idea_vote,
)
