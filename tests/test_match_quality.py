"""Topics and follows on short articles written for these tests (not the dev set): the cases a
keyword list gets wrong first. Each language has a story that belongs to a topic, and one that
only sounds like it."""

from __future__ import annotations

import pytest

from bot.core.follows import resolve_follow
from bot.core.match import FollowIndex
from bot.core.summarise import summarise
from bot.types import Follow

IN_TOPIC = [
    ("it", "mobile-payments", "Satispay raccoglie nuovi fondi",
     "La app di pagamento italiana punta sui pagamenti digitali nei negozi. Il portafoglio digitale conta "
     "ormai milioni di utenti e i pagamenti con lo smartphone crescono ogni mese."),
    ("en", "mobile-payments", "Banks race to launch tap to pay on phones",
     "Digital wallets now account for half of online payments, and every payment provider wants its own app."),
    ("de", "mobile-payments", "Sparkassen starten eigene Bezahl-App",
     "Kontaktloses Bezahlen mit dem Handy wird in Deutschland immer beliebter. Die Zahlungsdienstleister "
     "melden Rekordzahlen bei mobilen Zahlungen."),
    ("fr", "mobile-payments", "Le paiement sans contact bat des records",
     "Les portefeuilles numériques et les applications de paiement séduisent les commerçants."),
    ("es", "mobile-payments", "Bizum supera los 25 millones de usuarios",
     "El pago móvil entre particulares se ha convertido en el medio de pago preferido de los jóvenes."),
    ("zh", "mobile-payments", "移动支付用户突破十亿",
     "扫码支付已经成为中国消费者最常用的支付方式，第三方支付平台的交易规模持续增长。"),
    ("it", "chinese-tech", "Xiaomi presenta il nuovo smartphone",
     "Il produttore cinese sfida Apple e Samsung con un telefono pieghevole e un prezzo aggressivo."),
    ("en", "chinese-tech", "ByteDance posts record revenue",
     "The owner of TikTok said revenue rose sharply as advertisers returned to its apps in China."),
    ("de", "chinese-tech", "Huawei stellt neues Betriebssystem vor",
     "Der chinesische Konzern will mit HarmonyOS unabhängiger von amerikanischen Zulieferern werden."),
    ("fr", "chinese-tech", "Le géant chinois Alibaba se réorganise",
     "Le groupe de commerce en ligne va se scinder en six entités, dont le cloud et Taobao."),
    ("es", "chinese-tech", "BYD abrirá una fábrica en Europa",
     "El gigante chino de los coches eléctricos sigue creciendo fuera de su mercado doméstico."),
    ("zh", "chinese-tech", "腾讯发布季度财报",
     "腾讯控股公布的数据显示，微信月活跃用户继续增长，游戏业务收入回升。"),
]

NOT_IN_TOPIC = [
    ("it", "Stipendi, il governo tratta con i sindacati",
     "Il pagamento degli arretrati arriverà a dicembre. I sindacati chiedono aumenti per tutti i dipendenti."),
    ("en", "Nurses vote on new pay offer",
     "The union said the pay rise was not enough and that members would be paid late again this month."),
    ("de", "Didi Hallervorden feiert Geburtstag",
     "Der Komiker Didi Hallervorden steht noch immer auf der Bühne. Didi sagt, er denke nicht ans Aufhören."),
    ("fr", "La porcelaine chinoise aux enchères",
     "Un vase chinois de la dynastie Ming a été vendu à Paris. Les collectionneurs chinois étaient nombreux."),
    ("es", "Receta de tarta de manzana",
     "Una receta fácil: pelar las manzanas, mezclar con azúcar y hornear. Se puede pagar con tarjeta en la tienda."),
    ("zh", "小米粥的家常做法", "食材：小米一百克，清水适量。小米洗净后加水煮开，转小火慢慢熬煮，小米粥营养丰富。"),
    ("en", "Medal of Honor for two veterans",
     "Two veterans received the Medal of Honor at the White House. The Honor was presented by the president."),
]


@pytest.mark.parametrize("language, topic, title, body", IN_TOPIC, ids=[f"{c[0]}-{c[1]}" for c in IN_TOPIC])
def test_stories_reach_their_topic_in_every_language(config, gazetteer, language, topic, title, body):
    index = FollowIndex([], config.topics, gazetteer)
    s = summarise(title, body, gazetteer, language=language)
    assert topic in index.matching_topics(s), index.topic_evidence(s)


@pytest.mark.parametrize("language, title, body", NOT_IN_TOPIC, ids=[c[1][:30] for c in NOT_IN_TOPIC])
def test_look_alikes_reach_no_topic(config, gazetteer, language, title, body):
    index = FollowIndex([], config.topics, gazetteer)
    s = summarise(title, body, gazetteer, language=language)
    assert index.matching_topics(s) == {}, index.topic_evidence(s)


def test_look_alikes_reach_no_follow_but_their_own(config, gazetteer):
    terms = ["apple", "pay", "huawei", "jack ma", "alibaba"]
    follows = [Follow(i, *(lambda r: (r.kind, r.value, r.label))(resolve_follow(t, config.topics, gazetteer)))
               for i, t in enumerate(terms)]
    index = FollowIndex(follows, config.topics, gazetteer)
    cases = [
        ("en", "Apple Pie Contest Draws Record Crowd", "Bakers brought apples from local orchards."),
        ("it", "Le mele del Trentino", "Ma il raccolto di mele è stato scarso. Mai così poco."),
        ("en", "PayPal-like apps", "Payday loans and PayPal clones are not what we mean."),
        ("it", "Alì Babà e i quaranta ladroni", "La fiaba di Alì Babà racconta di una caverna piena d'oro."),
    ]
    for language, title, body in cases:
        s = summarise(title, body, gazetteer, language=language)
        assert index.match(s) == {}, (title, index.match(s))
