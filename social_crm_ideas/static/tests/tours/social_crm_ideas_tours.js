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
            content: "Authors do not vote for their own idea",
            trigger: ".o_idea_vote_box:not(:has(.o_idea_vote))",
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
            content: "The vote is counted",
            trigger: ".o_idea_vote_box:has(.o_idea_vote_count:contains('1')) button.o_idea_unvote",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The vote is removed",
            trigger: ".o_idea_vote_box:has(.o_idea_vote_count:contains('0')) button.o_idea_vote",
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
