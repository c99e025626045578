from . import (
    test_backend_tour,
    test_consent,
    test_crm_lead,
    test_dashboard,
    test_portal,
    test_privacy,
    test_producer_contract,
    test_scoring,
    test_security,
    test_tiers,
    test_views,
)
