import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("social_crm_groups_join", {
    url: "/groups",
    steps: () => [
        {
            content: "Open the group from the list",
            trigger: ".o_social_crm_group_link:contains('Tour Trail Runners')",
            run: "click",
        },
        {
            content: "Join it",
            trigger: ".o_social_crm_group_page .o_social_crm_group_join",
            run: "click",
        },
        {
            content: "The customer is a member now",
            trigger: ".o_social_crm_group_member_badge",
        },
        {
            content: "Go to My community",
            trigger: ".o_social_crm_group_page a[href='/my/community']",
            run: "click",
        },
        {
            content: "The group is listed among my groups",
            trigger: ".o_social_crm_my_groups .o_social_crm_my_group_link:contains('Tour Trail Runners')",
        },
    ],
});
