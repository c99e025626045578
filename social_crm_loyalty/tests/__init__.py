from . import test_tier_coupon_concurrency, test_tier_coupons
