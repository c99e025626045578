import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("social_crm_ideas_staff_badge", {
    steps: () => [
        {
            content: "The staff member's comment carries the Staff badge",
            trigger: "#chatterRoot:shadow .o-mail-Message:contains('We are looking into it') .o_social_crm_staff_badge",
        },
        {
            content: "The customer's comment does not",
            trigger: "#chatterRoot:shadow .o-mail-Message:contains('Me too!'):not(:has(.o_social_crm_staff_badge))",
        },
    ],
});
