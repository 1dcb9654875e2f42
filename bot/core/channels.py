"""Platforms named as the channel something was said or shown on, not as what a story is about.

"Xavi Simons kondigt transfer aan via Instagram en TikTok", "zapowiedział na Facebooku i Instagramie",
"said on X and Threads": the story is a footballer's transfer or a minister's words, and the platforms
only say where. Such a mention makes the platform neither a key entity nor evidence of a topic (TikTok
would make a transfer story *Chinese tech*); a follower of the platform is still told, since it is named.

A mention is a channel when "via" (or Malay "menerusi", "melalui") comes before it; when a preposition
of place comes before a list of two or more platforms ("op Instagram en TikTok", "on Facebook and X");
when something posted is on it ("ses vidéos sur Douyin", "una foto circolata su WeChat"); or when a
preposition that only places comes before it ("enseña en TikTok", "na TikToku"). One platform after "on",
"sur" or "su" alone may be what the story is about ("a ban on TikTok"), so it stays a mention.
"""

from __future__ import annotations

import re

# Social and video platforms as pages write them (Latin script), matched as written.
PLATFORMS = ("Facebook", "Instagram", "TikTok", "Twitter", "X", "YouTube", "Threads", "Bluesky", "Snapchat",
             "LinkedIn", "WhatsApp", "Telegram", "Weibo", "WeChat", "Douyin", "Kuaishou", "Xiaohongshu",
             "Bilibili", "VK", "Twitch", "Reddit", "Pinterest")
_LONG = "|".join(sorted((re.escape(p) for p in PLATFORMS if len(p) > 2), key=len, reverse=True))
# A platform with the case ending a declining language gives it ("na Facebooku", "na Instagramie");
# two-letter names (X, VK) are taken as written only.
_ONE = rf"(?:(?:{_LONG})(?:[a-zà-ž]{{0,3}})|X|VK)"
_AND = r"(?:and|en|und|et|e|y|i|och|og|ja|és|ve|a|и|та|oraz|ou|o|or|oder|of|или)"
_LIST = rf"{_ONE}(?:\s*,\s*{_ONE})*\s*(?:,\s*)?{_AND}\s+{_ONE}"
# Prepositions of place or medium. Those that also mean "about" (French "sur", Italian "su", German
# "über") are left out: "l'enquête sur TikTok et Instagram" is about them. English "on" counts unless
# a word of restriction comes before it ("a ban on TikTok and WeChat").
_PREPOSITION = (r"(?i:(?<!\bban )(?<!\bbans )(?<!\bcrackdown )(?<!\brestrictions )(?<!\bprobe )(?<!\blimits )"
                r"(?<!\bpressure )(?<!\bsanctions )(?<!\bcurbs )(?<!\brules )on|op|auf|en|em|no|na|nos|w|på|pe|"
                r"üzerinden|в|на|у|через|através\s+d[oe]|tramite)")
# What people post or gather on a platform: "ses vidéos sur Douyin", "un post su WeChat", "4,8 millions d'abonnés
# sur Douyin", "his account on X". After such a noun even an "about" preposition (sur, su) means "on".
_POSTED = (r"(?i:videos?|vidéos?|vídeos?|filmpjes?|post|posts|publications?|publicación|publicaciones|messages?|"
           r"tweets?|comptes?|account|accounts|profile|profil|profilo|perfil|page|pagina|pages?|channel|chaîne|"
           r"canal|canale|kanal|kanaal|abonnés|followers?|seguidores|iscritti|abonnenten|volgers|obserwujących|"
           r"подписчиков|story|stories|live|diretta|directo|livestream|foto|fotos|photos?|immagini|images?|"
           r"clips?|reels?|hantaran|unggahan|postingan|akaun|akun)")
_ON = r"(?i:on|sur|su|sul|auf|op|en|em|no|na|w|в|на|in|per|über|di)"
# Up to two words between: "una foto circolata su WeChat", "a video posted on TikTok".
_ACCOUNT = r"(?:(?i:akaun|akun|account|compte|conta|cuenta|profilo|profile|profil)\s+)?"
_POSTED_ON = re.compile(rf"(?<![\w]){_POSTED}(?:\s+[^\W\d_]+){{0,2}}\s+{_ON}\s+{_ACCOUNT}({_ONE})(?!\w)")
_VIA = re.compile(rf"(?<![\w])(?i:via|menerusi|melalui|lewat)\s+({_ONE}(?:\s*,\s*{_ONE})*(?:\s*,?\s*{_AND}\s+{_ONE})?)(?!\w)")
_PLACED_LIST = re.compile(rf"(?<![\w]){_PREPOSITION}\s+({_LIST})(?!\w)")
# One platform after a preposition that only places ("enseña en TikTok", "publicou no Instagram", "op TikTok",
# "na TikToku", "в Telegram"): where something went out. English "on" and "in", French "sur", Italian "su" and
# German "über" also say what something is about ("a ban on TikTok", "l'enquête sur TikTok"): not these.
_PLACING = r"(?:en|em|no|na|op|w|в|на|у)"  # not Italian "di" (of): "i dati di TikTok"
_PLACED_ONE = re.compile(rf"(?<![\w]){_PLACING}\s+({_ONE})(?!\w)")
_ANY = re.compile(rf"(?<!\w){_ONE}(?!\w)")


def channel_spans(text: str) -> list[tuple[int, int]]:
    """The spans of ``text`` that name platforms as channels (see the module's docstring)."""
    spans = []
    for pattern in (_VIA, _PLACED_LIST, _POSTED_ON, _PLACED_ONE):
        for m in pattern.finditer(text):
            spans += [(m.start(1) + p.start(), m.start(1) + p.end()) for p in _ANY.finditer(m.group(1))]
    return spans


def is_platform(name: str) -> bool:
    return name.casefold() in _FOLDED


_FOLDED = frozenset(p.casefold() for p in PLATFORMS)
_LONGEST_FIRST = tuple(sorted(_FOLDED, key=len, reverse=True))  # "xiaohongshu" before "x"


def only_as_channel(name: str, texts: tuple[str, ...]) -> bool:
    """True when the platform ``name`` is named in ``texts`` and every time as a channel."""
    if not is_platform(name):
        return False
    want = name.casefold()
    seen = False
    for text in texts:
        channels = set(channel_spans(text))
        for m in _ANY.finditer(text):
            if _stem(m.group()) != want:
                continue
            seen = True
            if (m.start(), m.end()) not in channels:
                return False
    return seen


def _stem(written: str) -> str:
    """The platform a written form names ("Facebooku" -> facebook)."""
    folded = written.casefold()
    return next((p for p in _LONGEST_FIRST if folded.startswith(p)), folded)
