import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("social_crm_sales_finds_ambassadors", {
    steps: () => [
        {
            content: "The ambassador is listed with their tier",
            trigger: ".o_kanban_record:contains('Alice Community'):contains('Test Advocate')",
        },
        {
            content: "Open the ambassador",
            trigger: ".o_kanban_record:contains('Alice Community')",
            run: "click",
        },
        {
            content: "Open the Community page of the contact",
            trigger: ".o_notebook .nav-link:contains('Community')",
            run: "click",
        },
        {
            content: "The breakdown explains the score",
            trigger: "div[name='community_breakdown_ids'] .o_data_row:contains('Test answer')",
        },
        {
            content: "The smart button opens the ledger",
            trigger: "button[name='action_view_community_engagement']",
            run: "click",
        },
        {
            content: "The ledger shows the event",
            trigger: ".o_list_view .o_group_header:contains('Test answer'), .o_list_view .o_data_row:contains('Test answer')",
        },
    ],
});

registry.category("web_tour.tours").add("social_crm_sales_sees_lead_badge", {
    steps: () => [
        {
            content: "The lead shows the customer's ambassador tier",
            trigger: ".o_form_view div[name='ambassador_tier_id']:contains('Test Advocate')",
        },
        {
            content: "and the community score",
            trigger: ".o_form_view div[name='ambassador_score']",
        },
    ],
});

registry.category("web_tour.tours").add("social_crm_sales_groups_pipeline_by_tier", {
    steps: () => [
        {
            content: "Open the search options of the pipeline",
            trigger: ".o_searchview_dropdown_toggler",
            run: "click",
        },
        {
            content: "Group the pipeline by ambassador tier",
            trigger: ".o_group_by_menu .o_menu_item:contains('Ambassador Tier')",
            run: "click",
        },
        {
            content: "The deals of the customer are grouped under its tier",
            trigger: ".o_list_view .o_group_header:contains('Test Advocate')",
            run: "click",
        },
        {
            content: "with the tier's badge on the row",
            trigger: ".o_list_view .o_data_row:contains('Alice wants more seats') div[name='ambassador_tier_id'] .badge:contains('Test Advocate')",
        },
    ],
});
