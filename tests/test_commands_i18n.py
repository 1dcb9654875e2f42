"""Every command, happy path and bad input, for a user whose Telegram is in English and one in Italian."""

from __future__ import annotations

import pytest

from tests.bot_session import running

# (command, what an English user reads, what an Italian user reads), run in order in one chat each.
SESSION = [
    ("/start", "newsbell sends you news", "ti manda le notizie"),
    ("/help", "Every command, with examples", "Tutti i comandi, con esempi"),
    ("/follow", "Usage: /follow alibaba", "Uso: /follow alibaba"),
    ("/follow " + "x" * 150, "That is 150 characters; a follow is at most 100.",
     "Sono 150 caratteri; si possono seguire al massimo 100 caratteri."),
    ("/follow -pie", "Nothing to follow, only words to mute. To mute: /mute pie",
     "Niente da seguire, solo parole da silenziare. Per silenziare: /mute pie"),
    ("/follow !!!", "A follow needs at least one letter or digit.", "Per seguire qualcosa serve almeno una lettera"),
    ("/follow alibaba", "Following Alibaba", "Ora segui Alibaba"),
    ("/follow alibaba", "You already follow Alibaba.", "Segui già Alibaba."),
    ("/follow pagamenti mobili", "Following the topic Mobile payments",
     "Ora segui l'argomento Pagamenti mobili. Riceverai articoli sul tema in qualsiasi lingua."),
    ('/follow "apple pie"', "Following “apple pie”: articles that contain these words.",
     "Ora segui “apple pie”: gli articoli che contengono queste parole."),
    ("/follow apple -torta", "Muted “torta” for this follow only", "Silenziato “torta” solo per questo"),
    ("/list", "This chat follows 4 things:", "Questa chat segue 4 elementi:"),
    ("/topics", "Tap a topic to follow it or to stop.", "Tocca un argomento per seguirlo o per smettere."),
    ("/unfollow", "Usage: /unfollow alibaba", "Uso: /unfollow alibaba"),
    ("/unfollow tencent", "This chat does not follow “tencent”.", "Questa chat non segue “tencent”."),
    ("/unfollow alibaba", "Stopped following Alibaba.", "Non segui più Alibaba."),
    ("/mute", "Usage: /mute pie", "Uso: /mute pie"),
    ("/mute tencent", "Muted Tencent: articles that name it reach this chat through no follow. /unmute Tencent undoes it.",
     "Silenziato Tencent: gli articoli che lo nominano non arrivano più in questa chat. /unmute Tencent lo annulla."),
    ("/mute tencent", "You already muted Tencent.", "Hai già silenziato Tencent."),
    ("/unmute", "Usage: /unmute pie", "Uso: /unmute pie"),
    ("/unmute tencent", "Unmuted Tencent.", "Riattivato Tencent."),
    ("/unmute tencent", "This chat does not mute “tencent”.", "Questa chat non silenzia “tencent”."),
    ("/lang", "This chat reads me in English.", "In questa chat parlo italiano."),
    ("/lang xx", "I don't speak “xx” yet.", "Non parlo ancora “xx”."),
    ("/channel", "Usage: /channel @yourchannel", "Uso: /channel @yourchannel"),
    ("/channel off", "You were not managing a channel.", "Non stavi gestendo nessun canale."),
    ("/stop", "Stop and forget this chat? Its 4 follows and mutes", "Fermarsi e dimenticare questa chat? I 4 elementi"),
    ("/stats", "Sorry, /stats is for this bot's admins.", "Spiacente, /stats è riservato agli amministratori"),
    ("/feeds", "Sorry, /feeds is for this bot's admins.", "Spiacente, /feeds è riservato agli amministratori"),
    ("/reload", "Sorry, /reload is for this bot's admins.", "Spiacente, /reload è riservato agli amministratori"),
    ("/nonsense", "I don't know /nonsense. /help lists what I can do.", "Non conosco /nonsense. /help elenca cosa so fare."),
]


@pytest.mark.parametrize("language", ["en", "it"])
async def test_a_session_in_each_language(config, language):
    user = 300 if language == "en" else 301
    async with running(config, command_burst=1000) as s:
        for command, english, italian in SESSION:
            reply = (await s.say(command, user, language_code=language))["plain_text"]
            expected = english if language == "en" else italian
            assert expected in reply, f"{command!r} in {language}: {reply!r}"


async def test_the_menu_and_lang_beat_telegrams_language(config):
    async with running(config, command_burst=1000) as s:
        assert "ti manda" in (await s.say("/start", 302, language_code="it-IT"))["plain_text"]
        assert "sends you news" in (await s.say("/start", 303, language_code="fr"))["plain_text"]  # no catalogue
        await s.say("/lang en", 302, language_code="it")
        assert "sends you news" in (await s.say("/start", 302, language_code="it"))["plain_text"]
