import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("social_crm_tier_perks", {
    url: "/my/community",
    steps: () => [
        {
            content: "The member sees what their tier gives them",
            trigger: ".o_social_crm_perks_current:contains('Early access to betas')",
        },
        {
            content: "...what the next tier unlocks",
            trigger: ".o_social_crm_perks_next:contains('Test Champion unlocks'):contains('A seat on the advisory board')",
        },
        {
            content: "...and how far it is, at their pace",
            trigger: ".o_social_crm_next_tier_distance:contains('140 more points'):contains('about 10 weeks')",
        },
        {
            content: "Perks of a lower tier are not listed",
            trigger: ".o_social_crm_perks:not(:contains('Monthly digest'))",
        },
    ],
});
