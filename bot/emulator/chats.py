"""Chats, their members (the bot among them) and forum topics.

A mixin of BotAPIEmulator: public methods take the lock; the rest run with it held.
"""

from __future__ import annotations

import copy
import threading
import time
import zlib
from collections.abc import Callable
from typing import Any

from bot.emulator.spec import ApiError

CHAT_TYPES = ("private", "group", "supergroup", "channel")
MEMBER_STATUSES = ("creator", "administrator", "member", "restricted", "left", "kicked")
_ADMINS = ("creator", "administrator")
_BOT = "bot"  # members key of the bot itself: its id is only known once a token arrives
DEFAULT_TOPIC_COLOR = 0x6FB9F0  # the first of the six colours Telegram allows for topic icons
_NOT_MODIFIED = "Bad Request: TOPIC_NOT_MODIFIED"


class ChatsMixin:
    _cond: threading.Condition
    _bot_id: int
    _chats: dict[int, dict[str, Any]]
    _usernames: dict[str, int]
    _users: dict[int, dict[str, Any]]
    _members: dict[tuple[int, int | str], dict[str, Any]]
    _topics: dict[tuple[int, int], dict[str, Any]]
    _message_counter: dict[int, int]
    _messages: dict[tuple[int, int], dict[str, Any]]
    _sent: list[dict[str, Any]]

    def _init_chats(self) -> None:
        self._chats = {}
        self._usernames = {}
        self._users = {}
        self._members = {}
        self._topics = {}

    _bot_user: Callable[[], dict[str, Any]]  # BotAPIEmulator's

    # -- chats -----------------------------------------------------------------------------------

    def add_chat(
        self,
        chat_id: int,
        type: str = "private",  # noqa: A002 - the Bot API's field name
        title: str | None = None,
        username: str | None = None,
        first_name: str | None = None,
        is_forum: bool = False,
    ) -> dict[str, Any]:
        """Register a chat so getChat/sendMessage (also by @username) see its real type and names.
        ``is_forum`` makes a supergroup whose messages go into topics (see create_topic)."""
        if type not in CHAT_TYPES:
            raise ValueError(f"chat type must be one of {CHAT_TYPES}, got {type!r}")
        if is_forum and type != "supergroup":
            raise ValueError("only a supergroup can be a forum")
        chat: dict[str, Any] = {"id": chat_id, "type": type}
        if type == "private":
            chat["first_name"] = first_name or "User"
        else:
            chat["title"] = title or f"Chat {chat_id}"
        if username:
            chat["username"] = username.lstrip("@")
        if is_forum:
            chat["is_forum"] = True
        with self._cond:
            self._chats[chat_id] = chat
            if username:
                self._usernames[username.lstrip("@").lower()] = chat_id
            if is_forum:  # id 1 is the General topic's: messages there carry no message_thread_id
                self._message_counter[chat_id] = max(self._message_counter.get(chat_id, 0), 1)
        return copy.deepcopy(chat)

    def _chat_key(self, chat_id: Any) -> int | None:
        """The id of ``chat_id`` (an id or a known @username), None if unknown; invents nothing."""
        if isinstance(chat_id, str):
            if chat_id.startswith("@"):
                return self._usernames.get(chat_id[1:].lower())
            try:
                return int(chat_id)
            except ValueError:
                return None
        return chat_id if isinstance(chat_id, int) else None

    def _same_chat(self, wanted: int | str, given: Any) -> bool:
        if given is None:
            return False
        ids = []
        for value in (wanted, given):
            if isinstance(value, str) and value.startswith("@"):
                ids.append(self._usernames.get(value[1:].lower(), value.lower()))
            else:
                ids.append(value)
        return ids[0] == ids[1]

    def _find_chat(self, chat_id: int | str) -> dict[str, Any] | None:
        key = self._chat_key(chat_id)
        return self._chats.get(key) if key is not None else None

    def _resolve_chat(self, chat_id: Any) -> dict[str, Any]:
        """Unknown numeric ids are accepted (type guessed from the sign, as Telegram's id ranges);
        an unknown @username becomes a channel, the usual target of a news bot."""
        if isinstance(chat_id, int):
            chat = self._chats.get(chat_id)
            if chat is None:
                chat = {"id": chat_id, "type": _guess_type(chat_id)}
                if chat_id > 0:
                    chat["first_name"] = "User"
                else:
                    chat["title"] = f"Chat {chat_id}"
                self._chats[chat_id] = chat
            return chat
        text = str(chat_id).strip()
        if not text:
            raise ApiError(400, "Bad Request: chat_id is empty")
        if not text.startswith("@") or len(text) < 2:
            raise ApiError(400, "Bad Request: chat not found")
        key = text[1:].lower()
        if key not in self._usernames:
            new_id = -(10**12) - zlib.crc32(key.encode()) % 10**9
            self._chats[new_id] = {"id": new_id, "type": "channel", "title": text[1:], "username": text[1:]}
            self._usernames[key] = new_id
        return self._chats[self._usernames[key]]

    def _chat_for_user(self, chat_id: int, chat_type: str | None, user: dict[str, Any]) -> dict[str, Any]:
        """The chat an injected update comes from; a type given that differs replaces the known one."""
        chat = self._chats.get(chat_id)
        wanted = chat_type or (chat["type"] if chat is not None else _guess_type(chat_id))
        if chat is None or chat["type"] != wanted:
            chat = {"id": chat_id, "type": wanted}
            if wanted == "private":
                chat["first_name"] = user["first_name"]
                if user.get("username"):
                    chat["username"] = user["username"]
            else:
                chat["title"] = f"Chat {chat_id}"
            self._chats[chat_id] = chat
        if wanted != "private":
            self._members.setdefault((chat_id, user["id"]), {"status": "member"})  # they just wrote there
        return chat

    def _get_chat(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = copy.deepcopy(self._resolve_chat(params["chat_id"]))
        chat.update(
            accent_color_id=0,
            max_reaction_count=11,
            accepted_gift_types={
                "unlimited_gifts": False, "limited_gifts": False, "unique_gifts": False,
                "premium_subscription": False, "gifts_from_channels": False,
            },
        )
        return chat

    # -- members ---------------------------------------------------------------------------------

    def set_member(self, chat_id: int, user_id: int, status: str, **fields: Any) -> None:
        """Give ``user_id`` a ChatMember status in ``chat_id``; ``fields`` override the defaults
        of its ChatMember object (e.g. can_post_messages=False, custom_title="Editor")."""
        if status not in MEMBER_STATUSES:
            raise ValueError(f"status must be one of {MEMBER_STATUSES}, got {status!r}")
        with self._cond:
            self._members[(chat_id, user_id)] = {"status": status, **fields}

    def set_bot_status(self, chat_id: int, status: str, **fields: Any) -> None:
        """The bot's own status in ``chat_id`` (by default a member, an administrator in channels)."""
        if status not in MEMBER_STATUSES:
            raise ValueError(f"status must be one of {MEMBER_STATUSES}, got {status!r}")
        with self._cond:
            self._members[(chat_id, _BOT)] = {"status": status, **fields}

    def _membership(self, chat: dict[str, Any], user_id: int | str) -> dict[str, Any]:
        if user_id in (_BOT, self._bot_id):  # set_bot_status, or set_member with the bot's id
            found = self._members.get((chat["id"], _BOT)) or self._members.get((chat["id"], self._bot_id))
            return found or {"status": "administrator" if chat["type"] == "channel" else "member"}
        found = self._members.get((chat["id"], user_id))
        if found is not None:
            return found
        if chat["type"] == "private" and user_id == chat["id"]:
            return {"status": "member"}
        return {"status": "left"}

    def _chat_member(self, chat: dict[str, Any], user_id: int | str) -> dict[str, Any]:
        """A ChatMember object of the subtype its status names, with the fields the spec requires."""
        membership = dict(self._membership(chat, user_id))
        status = membership.pop("status")
        if user_id in (_BOT, self._bot_id):
            user = self._bot_user()
        else:
            user = copy.deepcopy(self._users.get(int(user_id), {"id": user_id, "is_bot": False, "first_name": "User"}))
        member: dict[str, Any] = {"status": status, "user": user}
        if status == "creator":
            member["is_anonymous"] = False
        elif status == "administrator":
            member.update(
                can_be_edited=False, is_anonymous=False, can_manage_chat=True, can_delete_messages=True,
                can_manage_video_chats=True, can_restrict_members=True, can_promote_members=False,
                can_change_info=True, can_invite_users=True, can_post_stories=True, can_edit_stories=True,
                can_delete_stories=True,
            )
            if chat["type"] == "channel":
                member.update(can_post_messages=True, can_edit_messages=True)
            else:
                member.update(can_pin_messages=True, can_manage_topics=bool(chat.get("is_forum")))
        elif status == "restricted":
            member.update(is_member=True, until_date=0)
            for right in _RESTRICTED_RIGHTS:
                member[right] = False
        elif status == "kicked":
            member["until_date"] = 0
        member.update(membership)
        return member

    def _get_chat_member(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._chat_member(self._resolve_chat(params["chat_id"]), params["user_id"])

    def _get_chat_administrators(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        chat = self._resolve_chat(params["chat_id"])
        if chat["type"] == "private":
            raise ApiError(400, "Bad Request: there are no administrators in the private chat")
        members = [_BOT] + [
            user for (chat_id, user) in self._members if chat_id == chat["id"] and user not in (_BOT, self._bot_id)
        ]
        found = [self._chat_member(chat, user) for user in members]
        admins = [m for m in found if m["status"] in _ADMINS]
        return sorted(admins, key=lambda m: m["status"] != "creator")  # the owner first

    def _get_chat_member_count(self, params: dict[str, Any]) -> int:
        chat = self._resolve_chat(params["chat_id"])
        if chat["type"] == "private":
            return 2
        members = {user for (chat_id, user) in self._members if chat_id == chat["id"] and user != self._bot_id}
        members.add(_BOT)
        return sum(1 for user in members if _present(self._membership(chat, user)))

    def _check_can_post(self, chat: dict[str, Any]) -> None:
        """The bot's status decides whether it may post, as Telegram checks before anything else."""
        if chat["type"] == "private":
            return
        kind = chat["type"]
        membership = self._membership(chat, _BOT)
        status = membership["status"]
        if status == "kicked":
            raise ApiError(403, f"Forbidden: bot was kicked from the {kind} chat")
        if status == "left":
            raise ApiError(403, f"Forbidden: bot is not a member of the {kind} chat")
        if kind == "channel" and status not in _ADMINS:
            raise ApiError(400, "Bad Request: need administrator rights in the channel chat")
        if status == "restricted" and not membership.get("can_send_messages", False):
            raise ApiError(400, "Bad Request: not enough rights to send text messages to the chat")

    # -- forum topics ----------------------------------------------------------------------------

    def create_topic(self, chat_id: int, name: str, icon_color: int = DEFAULT_TOPIC_COLOR) -> int:
        """Open a topic in the forum ``chat_id`` (as a user would); return its message_thread_id."""
        with self._cond:
            chat = self._chats.get(chat_id)
            if chat is None or not chat.get("is_forum"):
                raise ValueError(f"chat {chat_id} is not a forum: add_chat(..., is_forum=True) first")
            return self._open_topic(chat, name, icon_color)["message_thread_id"]

    def close_topic(self, chat_id: int, thread_id: int) -> None:
        with self._cond:
            self._topic(chat_id, thread_id)["closed"] = True

    def reopen_topic(self, chat_id: int, thread_id: int) -> None:
        with self._cond:
            self._topic(chat_id, thread_id)["closed"] = False

    def delete_topic(self, chat_id: int, thread_id: int) -> None:
        """Delete a topic and its messages, as Telegram does."""
        with self._cond:
            self._topic(chat_id, thread_id)
            self._remove_topic(chat_id, thread_id)

    def topics(self, chat_id: int) -> list[dict[str, Any]]:
        """The forum's live topics: message_thread_id, name, icon_color, closed."""
        with self._cond:
            return [copy.deepcopy(t) for (c, _), t in sorted(self._topics.items()) if c == chat_id]

    def _topic(self, chat_id: int, thread_id: int) -> dict[str, Any]:
        topic = self._topics.get((chat_id, thread_id))
        if topic is None:
            raise ValueError(f"chat {chat_id} has no topic {thread_id}")
        return topic

    def _open_topic(self, chat: dict[str, Any], name: str, icon_color: int) -> dict[str, Any]:
        """A topic's id is the id of the service message that opened it."""
        chat_id = chat["id"]
        self._message_counter[chat_id] = self._message_counter.get(chat_id, 0) + 1
        thread_id = self._message_counter[chat_id]
        topic = {"message_thread_id": thread_id, "name": name, "icon_color": icon_color, "closed": False}
        self._topics[(chat_id, thread_id)] = topic
        self._messages[(chat_id, thread_id)] = {
            "message_id": thread_id, "date": int(time.time()), "chat": copy.deepcopy(chat),
            "message_thread_id": thread_id, "is_topic_message": True,
            "forum_topic_created": {"name": name, "icon_color": icon_color},
        }
        return topic

    def _remove_topic(self, chat_id: int, thread_id: int) -> None:
        del self._topics[(chat_id, thread_id)]
        for key in [k for k, m in self._messages.items() if k[0] == chat_id and m.get("message_thread_id") == thread_id]:
            del self._messages[key]
        for record in self._sent:
            if record["chat_id"] == chat_id and record.get("message_thread_id") == thread_id:
                record["deleted"] = True

    def _ensure_topic(self, chat: dict[str, Any], thread_id: int) -> None:
        """Users write only into topics that exist: one the emulator did not know is taken as open."""
        if not chat.get("is_forum") or (chat["id"], thread_id) in self._topics:
            return
        name = f"Topic {thread_id}"
        self._topics[(chat["id"], thread_id)] = {
            "message_thread_id": thread_id, "name": name, "icon_color": DEFAULT_TOPIC_COLOR, "closed": False
        }
        self._message_counter[chat["id"]] = max(self._message_counter.get(chat["id"], 0), thread_id)

    def _thread_of(self, chat: dict[str, Any], params: dict[str, Any]) -> int | None:
        """The thread a message goes into; Telegram refuses closed and missing topics."""
        thread_id = params.get("message_thread_id")
        if thread_id is None:
            return None
        if chat.get("is_forum"):
            topic = self._topics.get((chat["id"], thread_id))
            if topic is None:
                raise ApiError(400, "Bad Request: message thread not found")
            if topic["closed"]:
                raise ApiError(400, "Bad Request: TOPIC_CLOSED")
            return thread_id
        if (chat["id"], thread_id) not in self._messages:  # a reply thread needs its first message
            raise ApiError(400, "Bad Request: message thread not found")
        return thread_id

    def _forum(self, params: dict[str, Any], manage: bool) -> dict[str, Any]:
        chat = self._resolve_chat(params["chat_id"])
        if not chat.get("is_forum"):
            raise ApiError(400, "Bad Request: the chat is not a forum")
        if manage:
            membership = self._membership(chat, _BOT)
            if membership["status"] not in _ADMINS or membership.get("can_manage_topics") is False:
                raise ApiError(400, "Bad Request: not enough rights to manage topics")
        return chat

    def _forum_topic(self, params: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        chat = self._forum(params, manage=True)
        topic = self._topics.get((chat["id"], params["message_thread_id"]))
        if topic is None:
            raise ApiError(400, "Bad Request: message thread not found")
        return chat, topic

    def _create_forum_topic(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._forum(params, manage=True)
        name = params["name"].strip()
        if not 1 <= len(name) <= 128:
            raise ApiError(400, "Bad Request: TOPIC_TITLE_EMPTY" if not name else "Bad Request: TOPIC_TITLE_INVALID")
        topic = self._open_topic(chat, name, params.get("icon_color", DEFAULT_TOPIC_COLOR))
        return {k: v for k, v in topic.items() if k != "closed"}

    def _close_forum_topic(self, params: dict[str, Any]) -> bool:
        _, topic = self._forum_topic(params)
        if topic["closed"]:
            raise ApiError(400, _NOT_MODIFIED)
        topic["closed"] = True
        return True

    def _reopen_forum_topic(self, params: dict[str, Any]) -> bool:
        _, topic = self._forum_topic(params)
        if not topic["closed"]:
            raise ApiError(400, _NOT_MODIFIED)
        topic["closed"] = False
        return True

    def _delete_forum_topic(self, params: dict[str, Any]) -> bool:
        chat, topic = self._forum_topic(params)
        self._remove_topic(chat["id"], topic["message_thread_id"])
        return True

    def _chat_handlers(self) -> dict[str, Any]:
        return {
            "getchat": self._get_chat,
            "getchatmember": self._get_chat_member,
            "getchatadministrators": self._get_chat_administrators,
            "getchatmembercount": self._get_chat_member_count,
            "createforumtopic": self._create_forum_topic,
            "closeforumtopic": self._close_forum_topic,
            "reopenforumtopic": self._reopen_forum_topic,
            "deleteforumtopic": self._delete_forum_topic,
        }


_RESTRICTED_RIGHTS = (
    "can_send_messages", "can_send_audios", "can_send_documents", "can_send_photos", "can_send_videos",
    "can_send_video_notes", "can_send_voice_notes", "can_send_polls", "can_send_other_messages",
    "can_add_web_page_previews", "can_react_to_messages", "can_edit_tag", "can_change_info",
    "can_invite_users", "can_pin_messages", "can_manage_topics",
)


def _present(membership: dict[str, Any]) -> bool:
    if membership["status"] == "restricted":
        return bool(membership.get("is_member", True))
    return membership["status"] in ("creator", "administrator", "member")


def _guess_type(chat_id: int) -> str:
    if chat_id > 0:
        return "private"
    return "supergroup" if str(chat_id).startswith("-100") else "group"
