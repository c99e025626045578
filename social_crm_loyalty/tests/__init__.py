from . import test_tier_coupons
