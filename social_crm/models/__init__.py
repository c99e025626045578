from . import (  # noqa: I001 (order matters, see below)
    crm_lead,
    crm_lead_affinity_group,
    res_company,
    res_config_settings,
    res_partner,
    res_partner_affinity_group,
    social_affinity_group,
    social_affinity_membership,
    social_ambassador_tier,
    social_channel,
    social_crm_dashboard,
    social_crm_dashboard_affinity_group,
    social_engagement,
    social_engagement_type,
    social_partner_handle,
)

# SQL views last: their init() reads the tables of the models above, which a
# fresh install creates in import order.
from . import social_engagement_breakdown
