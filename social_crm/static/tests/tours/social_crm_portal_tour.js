import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("social_crm_portal_community", {
    url: "/my/community",
    steps: () => [
        {
            content: "The member sees their tier",
            trigger: ".o_social_crm_tier:contains('Test Advocate')",
        },
        {
            content: "The breakdown explains the score",
            trigger: ".o_social_crm_breakdown td:contains('Test answer')",
        },
        {
            content: "Give contact consent",
            trigger: "input#contact_consent:not(:checked)",
            run: "click",
        },
        {
            content: "Save the choices",
            trigger: ".o_social_crm_consent_submit",
            run: "click",
        },
        {
            content: "The choice is confirmed",
            trigger: ".o_social_crm_consent_saved",
        },
        {
            content: "The switch stays on after reload",
            trigger: "input#contact_consent:checked",
        },
    ],
});
