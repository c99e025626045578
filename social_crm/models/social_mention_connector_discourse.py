from odoo import models
from odoo.exceptions import AccessError, ValidationError

from .social_mention_intake_validation import MAX_TEXT

DISCOURSE_EVENTS = ("post_created", "topic_created", "post_edited")
DISCOURSE_REGULAR_POST = 1  # post_type of a regular post (not a whisper or a small action)


class SocialMentionConnectorDiscourse(models.Model):
    """Discourse webhooks: posts and topics of a Discourse site become mentions.

    Deliveries carry ``X-Discourse-Event`` (post_created, topic_created, post_edited, or
    ping), ``X-Discourse-Instance`` and ``X-Discourse-Event-Signature``. The event id changes
    on every retry, so a mention is keyed on the instance and the post: a topic and its
    first post are the same item (``<instance>/t/<topic id>``), a reply is
    ``<instance>/p/<post id>``, and an edit updates the mention of the same key.
    Private messages, whispers and hidden posts are never stored.
    """

    # one job per file (STYLE.md); the model's other jobs have files of their own
    _inherit = "social.mention.connector"  # pylint: disable=consider-merging-classes-inherited

    def _social_crm_discourse_events(self, headers, payload):
        event = headers.get("X-Discourse-Event") or ""
        if event == "ping" or payload.get("ping"):
            return {"status": "pong"}, []
        if event not in DISCOURSE_EVENTS:
            return {"status": "ignored", "reason": f"event {event[:64]!r} is not listened to"}, []
        instance = (headers.get("X-Discourse-Instance") or "").strip().rstrip("/")
        if not instance.startswith(("https://", "http://")):
            raise ValidationError(self.env._("The delivery has no X-Discourse-Instance header."))
        if self.instance_url and instance != self.instance_url.strip().rstrip("/"):
            raise AccessError(self.env._("This connector does not listen to %(instance)s.", instance=instance))
        if "post" in payload:
            return self._social_crm_discourse_post(event, instance, payload["post"], headers)
        if "topic" in payload:
            return self._social_crm_discourse_topic(instance, payload["topic"], headers)
        raise ValidationError(self.env._("A Discourse %(event)s delivery needs a post or a topic.", event=event))

    def _social_crm_discourse_post(self, event, instance, post, headers):
        if not isinstance(post, dict) or not isinstance(post.get("id"), int) or not post.get("topic_id"):
            raise ValidationError(self.env._("The Discourse post has no id or topic_id."))
        skip = (
            post.get("topic_archetype") == "private_message"
            or post.get("post_type", DISCOURSE_REGULAR_POST) != DISCOURSE_REGULAR_POST
            or post.get("hidden")
            or post.get("deleted_at")
            or post.get("user_deleted")
        )
        if skip:
            return {"status": "ignored", "reason": "private, hidden, deleted or not a regular post"}, []
        number = post.get("post_number") or 1
        topic_id = post["topic_id"]
        first = number == 1
        text = post.get("raw") or post.get("cooked") or ""
        slug = post.get("topic_slug") or "-"
        return None, [
            {
                "channel": self.channel_id.code,
                "external_id": f"{instance}/t/{topic_id}" if first else f"{instance}/p/{post['id']}",
                "kind": "post" if first else "reply",
                "url": f"{instance}/t/{slug}/{topic_id}/{number}",
                "title": _str(post.get("topic_title")),
                "text": _str(text)[:MAX_TEXT] if isinstance(text, str) else None,
                "thread": f"t/{topic_id}",
                "author_handle": _str(post.get("username")),
                "author_name": _str(post.get("name")),
                "posted_at": _str(post.get("created_at")),
                "from_staff": bool(post.get("staff")),
                "needs_response": bool(self.needs_response and first),
                # the first post completes what topic_created stored; an edit replaces the text
                "edit": event == "post_edited" or first,
                "delivery": _str(headers.get("X-Discourse-Event-Id")),
            }
        ]

    def _social_crm_discourse_topic(self, instance, topic, headers):
        if not isinstance(topic, dict) or not isinstance(topic.get("id"), int):
            raise ValidationError(self.env._("The Discourse topic has no id."))
        if topic.get("archetype") == "private_message":
            return {"status": "ignored", "reason": "private message"}, []
        author = topic.get("created_by") if isinstance(topic.get("created_by"), dict) else {}
        return None, [
            {
                "channel": self.channel_id.code,
                "external_id": f"{instance}/t/{topic['id']}",
                "kind": "post",
                "url": f"{instance}/t/{topic.get('slug') or '-'}/{topic['id']}",
                "title": _str(topic.get("title")),
                "thread": f"t/{topic['id']}",
                "author_handle": _str(author.get("username")),
                "author_name": _str(author.get("name")),
                "posted_at": _str(topic.get("created_at")),
                "needs_response": bool(self.needs_response),
                "delivery": _str(headers.get("X-Discourse-Event-Id")),
            }
        ]


def _str(value):
    """Strings pass (the intake checks them), anything else is dropped."""
    return value if isinstance(value, str) else None
