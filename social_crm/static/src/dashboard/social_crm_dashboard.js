import { Component, onWillStart, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { KeepLast } from "@web/core/utils/concurrency";
import { useService } from "@web/core/utils/hooks";
import { formatFloat, formatInteger } from "@web/views/fields/formatters";
import { Layout } from "@web/search/layout";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";

/**
 * Social CRM dashboard: KPI cards of the community and of the producer addons,
 * all fetched in one call to social.crm.dashboard.get_dashboard_data.
 */
export class SocialCrmDashboard extends Component {
    static template = "social_crm.Dashboard";
    static components = { Layout };
    static props = { ...standardActionServiceProps };

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.keepLast = new KeepLast();
        this.periods = [
            { days: 7, label: _t("7 days") },
            { days: 30, label: _t("30 days") },
            { days: 90, label: _t("90 days") },
        ];
        this.state = useState({ periodDays: 30, sections: [] });
        onWillStart(() => this.load());
    }

    async load() {
        this.state.sections = await this.keepLast.add(
            this.orm.call("social.crm.dashboard", "get_dashboard_data", [], {
                period_days: this.state.periodDays,
            })
        );
    }

    async setPeriod(days) {
        this.state.periodDays = days;
        await this.load();
    }

    format(value, { digits, display, unit } = {}) {
        if (display) {
            return display;
        }
        // "no figure" arrives as false (the server answers what XML-RPC can carry: no null)
        if (value === null || value === undefined || value === false) {
            return "–";
        }
        const formatted = digits
            ? formatFloat(value, { digits: [false, digits] })
            : formatInteger(value);
        return unit ? `${formatted} ${unit}` : formatted;
    }

    trend(card) {
        if (card.previous === null || card.previous === undefined || card.previous === false) {
            return null;
        }
        const delta = (card.value || 0) - card.previous;
        return {
            direction: delta > 0 ? "up" : delta < 0 ? "down" : "flat",
            good: card.lower_is_better ? delta < 0 : delta > 0,
            previous: this.format(card.previous, card),
        };
    }

    open(action) {
        if (action) {
            this.action.doAction(action);
        }
    }
}

registry.category("actions").add("social_crm.dashboard", SocialCrmDashboard);
