import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("social_crm_ideas_portal_submit_vote", {
    url: "/ideas/new",
    steps: () => [
        {
            content: "Type the title of a new idea",
            trigger: "input.o_idea_title_input",
            run: "edit Calendar sync for the whole team",
        },
        {
            content: "A similar idea is suggested while typing",
            trigger: ".o_idea_similar:not(.d-none) .o_idea_similar_link:contains('calendar sync')",
        },
        {
            content: "Describe the idea",
            trigger: "textarea[name=description]",
            run: "edit Every colleague should see the shared planning.",
        },
        {
            content: "Submit it",
            trigger: ".o_idea_submit_button",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The new idea page is shown",
            trigger: ".o_idea_title:contains('Calendar sync for the whole team')",
        },
        {
            content: "The author is the idea's first voter",
            trigger: ".o_idea_vote_box:has(.o_idea_vote_count:contains('1')) button.o_idea_unvote",
        },
        {
            content: "Back to the list",
            trigger: ".breadcrumb a[href='/ideas']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Open the similar idea",
            trigger: ".o_idea_link:contains('Tour idea: calendar sync with our ERP')",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Vote for it",
            trigger: "button.o_idea_vote",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The vote is counted, after its author's",
            trigger: ".o_idea_vote_box:has(.o_idea_vote_count:contains('2')) button.o_idea_unvote",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The vote is removed",
            trigger: ".o_idea_vote_box:has(.o_idea_vote_count:contains('1')) button.o_idea_vote",
        },
    ],
});

registry.category("web_tour.tours").add("social_crm_ideas_visitor_login", {
    steps: () => [
        {
            content: "A visitor reads the idea and is asked to log in to vote",
            trigger: "a.o_idea_vote_login",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: "input[name=login]",
            run: "edit social_crm_portal",
        },
        {
            trigger: "input[name=password]",
            run: "edit social_crm_portal",
        },
        {
            trigger: "button[type=submit]",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Back on the same idea, now able to vote",
            trigger: ".o_idea_title:contains('Tour idea: calendar sync with our ERP')",
        },
        {
            trigger: "button.o_idea_vote",
        },
    ],
});

registry.category("web_tour.tours").add("social_crm_ideas_decline_with_reason", {
    steps: () => [
        {
            content: "Change the status of the idea",
            trigger: ".o_form_view .o_form_statusbar button:contains('Change Status')",
            run: "click",
        },
        {
            content: "Choose Declined",
            trigger: ".modal .o_field_widget[name='stage_id'] input",
            run: "edit Declined",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Declined')",
            run: "click",
        },
        {
            content: "A reason is required to decline",
            trigger: ".modal .o_field_widget[name='note'].o_required_modifier textarea",
            run: "edit Out of scope for this year.",
        },
        {
            trigger: ".modal button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The idea is declined",
            trigger: ".o_form_view:not(:has(.modal)) .o_statusbar_status button.o_arrow_button_current:contains('Declined')",
        },
        {
            content: "Open its status history",
            trigger: ".o_notebook a:contains('Status History')",
            run: "click",
        },
        {
            content: "The change shows with its reason",
            trigger: ".o_field_widget[name='status_change_ids'] .o_data_row:contains('Declined'):contains('Out of scope for this year.')",
        },
    ],
});

registry.category("web_tour.tours").add("social_crm_ideas_vote_from_list", {
    steps: () => [
        {
            content: "One click on the vote box of an idea of the list",
            trigger: ".o_idea_item:has(.o_idea_link:contains('Tour idea: calendar sync')) button.o_idea_list_vote",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Back on the list, the vote is counted after its author's",
            trigger: ".o_idea_item:has(.o_idea_link:contains('Tour idea: calendar sync')) button.o_idea_list_unvote:has(.o_idea_vote_count:contains('2')):contains('votes')",
        },
        {
            content: "The filters of the list are kept",
            trigger: ".o_ideas_filters select[name=sort]:has(option[value=newest][selected])",
        },
    ],
});

registry.category("web_tour.tours").add("social_crm_ideas_visitor_votes_from_list", {
    steps: () => [
        {
            content: "A visitor clicks the vote box: log in first",
            trigger: ".o_idea_item:has(.o_idea_link:contains('Tour idea: calendar sync')) a.o_idea_list_vote_login:contains('1'):contains('vote')",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: "input[name=login]",
            run: "edit social_crm_portal",
        },
        {
            trigger: "input[name=password]",
            run: "edit social_crm_portal",
        },
        {
            trigger: "button[type=submit]",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Back on the same list, the vote is one click away",
            trigger: ".o_ideas_filters select[name=sort]:has(option[value=newest][selected])",
        },
        {
            trigger: ".o_idea_item:has(.o_idea_link:contains('Tour idea: calendar sync')) button.o_idea_list_vote",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: ".o_idea_item:has(.o_idea_link:contains('Tour idea: calendar sync')) button.o_idea_list_unvote",
        },
    ],
});
