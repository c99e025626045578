import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("social_crm_ideas_roadmap", {
    url: "/ideas/roadmap",
    steps: () => [
        {
            content: "What shipped thanks its consenting voters",
            trigger: ".o_ideas_roadmap_shipped_item:contains('Roadmap idea shipped'):contains('Alice Community')",
        },
        {
            content: "The planned column lists its ideas",
            trigger: ".o_ideas_roadmap_column:contains('Planned') .o_ideas_roadmap_idea:contains('most voted')",
        },
        {
            content: "Open an idea from the roadmap",
            trigger: ".o_ideas_roadmap_link:contains('Roadmap idea in progress')",
            run: "click",
        },
        {
            content: "The idea's page opens",
            trigger: "h1:contains('Roadmap idea in progress')",
        },
    ],
});
