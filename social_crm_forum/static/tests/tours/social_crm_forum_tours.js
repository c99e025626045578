import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("social_crm_forum_question_to_opportunity", {
    steps: () => [
        {
            content: "Open the forum questions counted on the dashboard",
            trigger: ".o_social_crm_card[data-card='questions'] .o_social_crm_card_value a",
            run: "click",
        },
        {
            content: "The backend list shows the asker's company",
            trigger: ".o_list_view .o_data_row:contains('How do we add seats?'):contains('Acme Test Corp')",
        },
        {
            content: "Open the question",
            trigger: ".o_list_view .o_data_row td[name='name']:contains('How do we add seats?')",
            run: "click",
        },
        {
            content: "The backend form of the question, website one click away",
            trigger: ".o_form_view button[name='go_to_website']",
        },
        {
            content: "Create the opportunity from the header",
            trigger: ".o_form_view .o_form_statusbar button[name='action_create_opportunity']",
            run: "click",
        },
        {
            content: "The opportunity opens for the asker",
            trigger: ".o_form_view .o_breadcrumb:contains('Forum: How do we add seats?')",
        },
    ],
});
