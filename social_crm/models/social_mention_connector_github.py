from odoo import models
from odoo.exceptions import ValidationError

from .social_mention_intake import MAX_TEXT

# author_association of the people who speak for the repository's owner
GITHUB_STAFF = ("OWNER", "MEMBER", "COLLABORATOR")


class SocialMentionConnectorGithub(models.Model):
    """GitHub webhooks: issues, comments, discussions and stars become mentions.

    Deliveries carry ``X-GitHub-Event``, ``X-GitHub-Delivery`` (stable when GitHub
    redelivers) and ``X-Hub-Signature-256``. A mention is keyed on the GitHub object the
    delivery is about (its global ``node_id``), which is as stable as the delivery id on
    a redelivery and also lets an ``edited`` action update the same mention; the delivery
    id is kept on the mention. Bots are ignored.
    """

    # one job per file (STYLE.md); the model's other jobs have files of their own
    _inherit = "social.mention.connector"  # pylint: disable=consider-merging-classes-inherited

    def _social_crm_github_events(self, headers, payload):
        event = headers.get("X-GitHub-Event") or ""
        if event == "ping":
            return {"status": "pong"}, []
        handler = {
            "issues": self._social_crm_github_issue,
            "issue_comment": self._social_crm_github_comment,
            "discussion": self._social_crm_github_discussion,
            "discussion_comment": self._social_crm_github_comment,
            "star": self._social_crm_github_star,
        }.get(event)
        if not handler:
            return {"status": "ignored", "reason": f"event {event[:64]!r} is not listened to"}, []
        action = payload.get("action")
        if action not in ("created", "opened", "edited"):
            return {"status": "ignored", "reason": f"action {str(action)[:64]!r} is not listened to"}, []
        repository = payload.get("repository")
        if not isinstance(repository, dict) or not isinstance(repository.get("full_name"), str):
            raise ValidationError(self.env._("The GitHub delivery has no repository."))
        event = handler(payload, repository)
        if event is None:
            return {"status": "ignored", "reason": "sent by a bot"}, []
        event.update(
            channel=self.channel_id.code,
            edit=action == "edited",
            delivery=_str(headers.get("X-GitHub-Delivery")),
        )
        return None, [event]

    def _social_crm_github_item(self, item, what):
        if not isinstance(item, dict) or not _str(item.get("node_id")):
            raise ValidationError(self.env._("The GitHub %(what)s has no node_id.", what=what))
        user = item.get("user") if isinstance(item.get("user"), dict) else {}
        if user.get("type") == "Bot":
            return None
        body = item.get("body")
        return {
            "external_id": item["node_id"],
            "url": _str(item.get("html_url")),
            "text": body[:MAX_TEXT] if isinstance(body, str) else None,
            "author_handle": _str(user.get("login")),
            "posted_at": _str(item.get("created_at")),
            "from_staff": item.get("author_association") in GITHUB_STAFF,
        }

    def _social_crm_github_issue(self, payload, repository):
        issue = payload.get("issue")
        event = self._social_crm_github_item(issue, "issue")
        if event is not None:
            event.update(
                kind="issue",
                title=_str(issue.get("title")),
                thread=f"{repository['full_name']}#{issue.get('number')}",
                needs_response=bool(self.needs_response and not event["from_staff"]),
            )
        return event

    def _social_crm_github_discussion(self, payload, repository):
        discussion = payload.get("discussion")
        event = self._social_crm_github_item(discussion, "discussion")
        if event is not None:
            event.update(
                kind="discussion",
                title=_str(discussion.get("title")),
                thread=f"{repository['full_name']}/discussions/{discussion.get('number')}",
                needs_response=bool(self.needs_response and not event["from_staff"]),
            )
        return event

    def _social_crm_github_comment(self, payload, repository):
        comment = payload.get("comment")
        event = self._social_crm_github_item(comment, "comment")
        if event is None:
            return None
        parent = payload.get("issue") or payload.get("discussion")
        parent = parent if isinstance(parent, dict) else {}
        thread = (
            f"{repository['full_name']}#{parent.get('number')}"
            if "issue" in payload
            else f"{repository['full_name']}/discussions/{parent.get('number')}"
        )
        event.update(kind="comment", title=_str(parent.get("title")), thread=thread)
        return event

    def _social_crm_github_star(self, payload, repository):
        sender = payload.get("sender")
        if not isinstance(sender, dict) or not _str(sender.get("node_id")) or not _str(repository.get("node_id")):
            raise ValidationError(self.env._("The GitHub star has no sender or repository node_id."))
        if sender.get("type") == "Bot":
            return None
        return {
            # starring twice is one star: re-starring earns nothing more
            "external_id": f"star/{repository['node_id']}/{sender['node_id']}",
            "kind": "star",
            "url": _str(repository.get("html_url")),
            "title": repository["full_name"],
            "author_handle": _str(sender.get("login")),
            "posted_at": _str(payload.get("starred_at")),
        }


def _str(value):
    return value if isinstance(value, str) else None
