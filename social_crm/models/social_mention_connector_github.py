from functools import partial

from odoo import models
from odoo.exceptions import ValidationError

from .social_mention_intake_validation import MAX_SHORT, MAX_TEXT

# author_association of the people who speak for the repository's owner
GITHUB_STAFF = ("OWNER", "MEMBER", "COLLABORATOR")


class SocialMentionConnectorGithub(models.Model):
    """GitHub webhooks: issues, comments, discussions and stars become mentions.

    Deliveries carry ``X-GitHub-Event``, ``X-GitHub-Delivery`` (stable when GitHub
    redelivers) and ``X-Hub-Signature-256``. The delivery id is the idempotency key of a
    delivery: a delivery already stored (kept on the mention) is answered as a duplicate
    and changes nothing, whatever its action. A mention is keyed on the GitHub object the
    delivery is about (its global ``node_id``, else its numeric ``id``, else the delivery
    id), so that an ``edited`` action, which GitHub sends as a new delivery, updates the
    same mention. Bots are ignored.
    """

    # one job per file (STYLE.md); the model's other jobs have files of their own
    _inherit = "social.mention.connector"  # pylint: disable=consider-merging-classes-inherited

    def _social_crm_github_events(self, headers, payload):
        event = headers.get("X-GitHub-Event") or ""
        if event == "ping":
            return {"status": "pong"}, []
        handler = {
            "issues": partial(self._social_crm_github_topic, kind="issue"),
            "issue_comment": self._social_crm_github_comment,
            "discussion": partial(self._social_crm_github_topic, kind="discussion"),
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
        delivery = _str(headers.get("X-GitHub-Delivery"))
        delivery = delivery.strip()[:MAX_SHORT] if delivery and delivery.strip() else None
        event = handler(payload, repository, delivery)
        if event is None:
            return {"status": "ignored", "reason": "sent by a bot"}, []
        stored = delivery and self._social_crm_github_delivered(delivery)
        if stored:
            # "Redeliver" in GitHub, or a retry: this very delivery is already in
            result = {"index": 0, "status": "duplicate", "external_id": stored.external_id, "id": stored.id}
            return {"status": "ok", **stored._social_crm_intake_answer([result])}, []
        event.update(channel=self.channel_id.code, edit=action == "edited", delivery=delivery)
        return None, [event]

    def _social_crm_github_delivered(self, delivery):
        """The mention a delivery of this connector's channel already brought, if any."""
        return (
            self.env["social.mention"]
            .sudo()
            .search([("channel_id", "=", self.channel_id.id), ("delivery_ref", "=", delivery)], limit=1)
        )

    def _social_crm_github_item(self, item, what, delivery):
        if not isinstance(item, dict):
            raise ValidationError(self.env._("The GitHub delivery has no %(what)s object.", what=what))
        external_id = _str(item.get("node_id")) or _github_id(what, item.get("id")) or delivery
        if not external_id:
            raise ValidationError(
                self.env._(
                    "The GitHub %(what)s has neither a node_id nor an id, and the delivery no X-GitHub-Delivery.",
                    what=what,
                )
            )
        user = item.get("user") if isinstance(item.get("user"), dict) else {}
        if user.get("type") == "Bot":
            return None
        body = item.get("body")
        return {
            "external_id": external_id,
            "url": _str(item.get("html_url")),
            "text": body[:MAX_TEXT] if isinstance(body, str) else None,
            "author_handle": _str(user.get("login")),
            "posted_at": _str(item.get("created_at")),
            "from_staff": item.get("author_association") in GITHUB_STAFF,
        }

    def _social_crm_github_topic(self, payload, repository, delivery, kind):
        """An issue or a discussion (``kind``): a thread of its own, which may need an answer."""
        topic = payload.get(kind)
        event = self._social_crm_github_item(topic, kind, delivery)
        if event is not None:
            event.update(
                kind=kind,
                title=_str(topic.get("title")),
                thread=_thread(repository, kind, topic.get("number")),
                needs_response=bool(self.needs_response and not event["from_staff"]),
            )
        return event

    def _social_crm_github_comment(self, payload, repository, delivery):
        comment = payload.get("comment")
        event = self._social_crm_github_item(comment, "comment", delivery)
        if event is None:
            return None
        parent = payload.get("issue") or payload.get("discussion")
        parent = parent if isinstance(parent, dict) else {}
        thread = _thread(repository, "issue" if "issue" in payload else "discussion", parent.get("number"))
        event.update(kind="comment", title=_str(parent.get("title")), thread=thread)
        return event

    def _social_crm_github_star(self, payload, repository, delivery):
        sender = payload.get("sender")
        sender_key = isinstance(sender, dict) and (_str(sender.get("node_id")) or _github_id("user", sender.get("id")))
        repository_key = _str(repository.get("node_id")) or _github_id("repository", repository.get("id"))
        if not sender_key or not repository_key:
            raise ValidationError(self.env._("The GitHub star has no sender or no repository id."))
        if sender.get("type") == "Bot":
            return None
        return {
            # starring twice is one star: re-starring earns nothing more
            "external_id": f"star/{repository_key}/{sender_key}",
            "kind": "star",
            "url": _str(repository.get("html_url")),
            "title": repository["full_name"],
            "author_handle": _str(sender.get("login")),
            "posted_at": _str(payload.get("starred_at")),
        }


def _str(value):
    return value if isinstance(value, str) else None


def _thread(repository, kind, number):
    """The thread reference of an issue (``owner/repo#12``) or a discussion (``owner/repo/discussions/3``)."""
    if kind == "issue":
        return f"{repository['full_name']}#{number}"
    return f"{repository['full_name']}/discussions/{number}"


def _github_id(what, value):
    """``<what>/<id>`` for GitHub's numeric id (payloads without ``node_id``), else None."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 10**18:
        return f"{what}/{value}"
    return None
