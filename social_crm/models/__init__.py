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

# Listening: mentions from outside Odoo, their intake, connectors and effects.
from . import (
    social_mention,
    social_mention_intake,
    social_mention_matching,
    social_mention_response,
    social_mention_signal,
    social_mention_connector,
    social_mention_connector_discourse,
    social_mention_connector_github,
    social_mention_tombstone,
    social_engagement_type_listening,
    social_engagement_type_deal_signal,
    res_company_listening,
    res_config_settings_listening,
    res_partner_mention,
    crm_lead_mention,
    crm_lead_deal_signal,
    social_crm_dashboard_listening,
    ir_http,
)

# SQL views last: their init() reads the tables of the models above, which a
# fresh install creates in import order.
from . import social_engagement_breakdown
