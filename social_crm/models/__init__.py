from . import (
    crm_lead,
    res_company,
    res_config_settings,
    res_partner,
    social_ambassador_tier,
    social_channel,
    social_engagement,
    social_engagement_breakdown,
    social_engagement_type,
    social_partner_handle,
)
