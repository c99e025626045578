from . import (
    test_affinity_groups,
    test_audit_access,
    test_backfill,
    test_dashboard,
    test_delete,
    test_escalation,
    test_metrics,
    test_opportunity,
    test_partner_lead,
    test_producer_routes,
    test_staff,
    test_tours,
)
