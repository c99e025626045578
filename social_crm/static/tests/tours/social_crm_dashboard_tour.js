import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("social_crm_dashboard", {
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Social CRM app",
            trigger: ".o_app[data-menu-xmlid='social_crm.menu_social_crm_root']",
            run: "click",
        },
        {
            content: "The app opens on the dashboard: members are counted",
            trigger: ".o_social_crm_dashboard .o_social_crm_card[data-card='members'] .o_social_crm_card_value",
        },
        {
            content: "Switch to the last 7 days",
            trigger: ".o_social_crm_dashboard_period button[data-days='7']",
            run: "click",
        },
        {
            content: "The period is applied",
            trigger: ".o_social_crm_dashboard_period button.active[data-days='7']",
        },
        {
            content: "Open the top rising member",
            trigger: ".o_social_crm_card[data-card='rising'] .o_social_crm_card_item:contains('Carol Solo')",
            run: "click",
        },
        {
            content: "Her contact form opens",
            trigger: ".o_form_view .o_breadcrumb:contains('Carol Solo')",
        },
    ],
});
