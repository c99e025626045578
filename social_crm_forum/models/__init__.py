from . import (
    crm_lead,
    forum_forum,
    forum_post,
    forum_post_engagement,
    forum_post_escalation,
    forum_post_signal,
    forum_post_vote,
    forum_tag,
    res_partner,
    social_crm_dashboard,
)
