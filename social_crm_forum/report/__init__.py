from . import social_crm_forum_metrics
