from . import social_affinity_group_standing
