from . import (
    crm_lead,
    forum_forum,
    forum_forum_group_offer,
    forum_post,
    forum_post_group_offer,
    forum_post_vote,
    forum_tag,
    res_partner,
    social_affinity_group,
    social_affinity_group_standing,
    social_crm_dashboard,
    social_crm_dashboard_affinity_group,
)
