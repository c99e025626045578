from . import (
    test_sources,
    test_delete,
    test_affinity_groups,
    test_backfill,
    test_dashboard,
    test_escalation,
    test_metrics,
    test_opportunity,
    test_partner_lead,
    test_producer_routes,
    test_tours,
)
