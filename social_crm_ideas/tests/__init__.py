from . import (
    test_affinity_groups,
    test_concurrency,
    test_dashboard,
    test_demand,
    test_idea,
    test_merge,
    test_security,
    test_stage,
    test_staff,
    test_tours,
    test_vote,
    test_website,
)
