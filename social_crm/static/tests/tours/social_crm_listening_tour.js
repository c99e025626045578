import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("social_crm_match_mention_from_inbox", {
    steps: () => [
        {
            content: "The unmatched mention waits in the inbox",
            trigger: ".o_list_view .o_data_row:contains('edna_h') td[name='status'] [title='Unmatched'], .o_list_view .o_data_row:contains('edna_h') td[name='status']:contains('Unmatched')",
        },
        {
            content: "Open it",
            trigger: ".o_list_view .o_data_row:contains('edna_h') td[name='channel_id']",
            run: "click",
        },
        {
            content: "Link it to a contact",
            trigger: ".o_form_view button.o_social_crm_link_contact",
            run: "click",
        },
        {
            content: "The likely contact is suggested, with the reason",
            trigger: ".modal .o_social_crm_suggestions .o_data_row:contains('Edna Example'):contains('Same name')",
        },
        {
            content: "Link the suggestion",
            trigger: ".modal .o_social_crm_suggestions .o_data_row:contains('Edna Example') button.o_social_crm_suggestion_link",
            run: "click",
        },
        {
            content: "The mention is matched to the contact",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value='matched']",
        },
        {
            content: "and shows who said it",
            trigger: ".o_form_view div[name='partner_id']:contains('Edna Example')",
        },
    ],
});
