from . import social_engagement_breakdown
