import publicWidget from "@web/legacy/js/public/public_widget";
import { rpc } from "@web/core/network/rpc";
import { debounce } from "@web/core/utils/timing";

/**
 * While the customer types the title of a new idea, list the published ideas that look
 * alike, so that a duplicate gets a vote instead of a copy.
 */
publicWidget.registry.socialIdeaSimilar = publicWidget.Widget.extend({
    selector: ".o_idea_submit_form",
    events: {
        "input .o_idea_title_input": "_onTitleInput",
    },

    init() {
        this._super(...arguments);
        this._fetchSimilar = debounce(this._fetchSimilar.bind(this), 300);
        this._lastTitle = "";
    },

    _onTitleInput(ev) {
        this._fetchSimilar(ev.currentTarget.value);
    },

    async _fetchSimilar(title) {
        title = (title || "").trim();
        if (title === this._lastTitle) {
            return;
        }
        this._lastTitle = title;
        const ideas = title.length >= 3 ? await rpc("/ideas/similar", { title }) : [];
        if (title !== this._lastTitle) {
            return; // a newer request is on its way
        }
        const box = this.el.querySelector(".o_idea_similar");
        const list = box.querySelector(".o_idea_similar_list");
        list.replaceChildren(
            ...ideas.map((idea) => {
                const item = document.createElement("li");
                const link = document.createElement("a");
                link.href = idea.url;
                link.textContent = idea.name;
                link.className = "o_idea_similar_link";
                const meta = document.createElement("span");
                meta.className = "text-muted ms-2 small";
                meta.textContent = `${idea.stage} · ${idea.vote_count}`;
                item.append(link, meta);
                return item;
            })
        );
        box.classList.toggle("d-none", !ideas.length);
    },
});

export default publicWidget.registry.socialIdeaSimilar;
