"""Follows and topics: what they hit, what they must not hit, and how a /follow is resolved."""

from __future__ import annotations

import pytest

from bot.core.follows import resolve_follow, resolve_mute, split_negatives
from bot.core.match import FollowIndex
from bot.core.summarise import summarise
from bot.types import Follow, Summary, Topic
from tests.conftest import load_articles, seed


def index_for(config, gazetteer, *terms):
    follows = []
    for i, term in enumerate(terms):
        res = resolve_follow(term, config.topics, gazetteer)
        follows.append(Follow(i, res.kind, res.value, res.label))
    return FollowIndex(follows, config.topics, gazetteer)


def hits(config, gazetteer, title, body, *terms):
    s = summarise(title, body, gazetteer)
    matched = index_for(config, gazetteer, *terms).match(s)
    return {terms[i] for i in matched}


def test_resolve_follow(config, gazetteer):
    assert resolve_follow("mobile payments", config.topics, gazetteer).kind == "topic"
    assert resolve_follow("chinese-tech", config.topics, gazetteer).value == "chinese-tech"
    ali = resolve_follow("alibaba", config.topics, gazetteer)
    assert (ali.kind, ali.value) == ("entity", "Alibaba")
    literal = resolve_follow('"mobile payments"', config.topics, gazetteer)
    assert (literal.kind, literal.value) == ("term", "mobile payments")
    with pytest.raises(ValueError):
        resolve_follow("x" * 101, config.topics, gazetteer)
    with pytest.raises(ValueError):
        resolve_follow("!!!", config.topics, gazetteer)


def test_seed_reaches_alibaba_and_mobile_payments_not_tencent(config, gazetteer):
    title, body = seed()
    assert hits(config, gazetteer, title, body, "alibaba", "tencent", "mobile payments", "apple pay", "alipay") == {
        "alibaba", "mobile payments", "apple pay", "alipay"}


def test_entity_follow_matches_other_scripts(config, gazetteer):
    assert hits(config, gazetteer, "阿里巴巴发布财报", "阿里巴巴集团今天发布了季度财报。", "alibaba") == {"alibaba"}


@pytest.mark.parametrize(
    "title, body, term",
    [
        ("Classic Apple Pie", "Peel the apples and bake the apple pie.", "apple"),
        ("Pizza", "The pineapple topping divides opinion.", "apple"),
        ("Payments", "She sent the money by PayPal.", "pay"),
        ("Calcio", "Ma il prossimo turno è difficile. Ma no.", "jack ma"),
    ],
)
def test_near_misses(config, gazetteer, title, body, term):
    assert hits(config, gazetteer, title, body, term) == set()


def test_term_follow_is_whole_word_and_accent_insensitive(config, gazetteer):
    assert hits(config, gazetteer, "Città", "La citta e la società.", "societa") == {"societa"}
    assert hits(config, gazetteer, "Rates", "Collaborerà presto.", "collaborera") == {"collaborera"}
    # A prefix is not a word: "collabora" is not "collaboratori" (a noun with its own lemma).
    assert hits(config, gazetteer, "Squadra", "I collaboratori arrivano domani.", "collabora") == set()
    assert hits(config, gazetteer, "Payments", "She sent the money by PayPal.", "pay") == set()


def test_one_stray_keyword_does_not_make_a_topic(config, gazetteer):
    s = summarise("Weather", "Heavy rain today. Somebody mentioned a mobile wallet once.", gazetteer, language="en")
    assert "mobile-payments" not in index_for(config, gazetteer).matching_topics(s)


def test_italian_article_reaches_english_topic_followers(config, gazetteer):
    title, body = seed()
    s = summarise(title, body, gazetteer)
    topics = index_for(config, gazetteer).matching_topics(s)
    assert "mobile-payments" in topics
    assert "pagamenti online" in topics["mobile-payments"]


def _quality(config, gazetteer):
    follow_terms = ["alibaba", "apple", "tencent", "huawei", "alipay", "apple pay", "wechat pay", "jack ma", "paypal", "xiaomi"]
    topic_names = {"mobile payments": "mobile-payments", "chinese tech": "chinese-tech"}
    index = index_for(config, gazetteer, *follow_terms)
    counts = {"follow": [0, 0, 0], "topic": [0, 0, 0]}  # tp, fp, fn
    for art in load_articles():
        s = summarise(art["title"], art["body"], gazetteer)
        got = {follow_terms[i] for i in index.match(s)}
        want = set(art["follow_hits"])
        counts["follow"][0] += len(got & want)
        counts["follow"][1] += len(got - want)
        counts["follow"][2] += len(want - got)
        got_t = set(index.matching_topics(s))
        want_t = {topic_names[t] for t in art["topics"]}
        counts["topic"][0] += len(got_t & want_t)
        counts["topic"][1] += len(got_t - want_t)
        counts["topic"][2] += len(want_t - got_t)
    return {k: (tp / max(1, tp + fp), tp / max(1, tp + fn)) for k, (tp, fp, fn) in counts.items()}


def test_quality_floor_on_labelled_articles(config, gazetteer):
    q = _quality(config, gazetteer)
    # Floors, not goals: they catch regressions. The figures are in benchmarks/ and the issue notes.
    # On the 43 dev articles the matcher reaches 1.00 everywhere; each floor allows one error.
    assert q["follow"][0] >= 0.97 and q["follow"][1] >= 0.97, q
    assert q["topic"][0] >= 0.96 and q["topic"][1] >= 0.96, q


# --- inflections ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "language, body, term",
    [
        ("en", "Banks process more payments every year.", "payment"),
        ("en", "The payment cleared overnight.", '"payments"'),
        ("it", "I pagamenti arrivano in tempo.", "pagamento"),
        ("it", "Il pagamento arriva in tempo.", "pagamenti"),
        ("it", "Crescono i pagamenti mobili in Italia.", '"pagamento mobile"'),
        ("de", "Die Bezahldienste wachsen schnell.", "Bezahldienst"),
        ("fr", "Les paiements mobiles progressent.", '"paiement mobile"'),
        ("es", "Los pagos digitales crecen.", '"pago digital"'),
    ],
)
def test_inflections_match_through_lemmas(config, gazetteer, language, body, term):
    s = summarise("Notizie", body, gazetteer, language=language)
    assert index_for(config, gazetteer, term).match(s), (term, body)


def test_lemmas_stay_within_the_article_language(config, gazetteer):
    # Italian "data" (a date) lemmatises like "dati" (data) only in Italian; an English article keeps its word.
    s = summarise("Report", "The datum was wrong.", gazetteer, language="en")
    assert index_for(config, gazetteer, '"dati"').match(s) == {}
    # A phrase does not run across a full stop.
    s = summarise("Notizie", "Parliamo di pagamenti. Mobile è il telefono.", gazetteer, language="it")
    assert index_for(config, gazetteer, '"pagamento mobile"').match(s) == {}


# --- ambiguity: entities that are also words ------------------------------------------------------


@pytest.mark.parametrize(
    "title, body, term, language",
    [
        ("Dessert", "We bake an apple pie on Sundays, with apples from the garden.", "apple", "en"),
        ("Dessert", "Apple pie is easy. Peel the apples and slice them thin.", "apple", "en"),
        ("Dessert ideas for autumn", "Classic Apple Pie\nA recipe from grandma, with butter, flour and sugar, baked slowly.",
         "apple", "en"),
        ("Fruit", "The pineapple and the Pineapple Express.", "apple", "en"),
        ("Forest", "Fires in the amazon basin spread again this week, officials said on Monday.", "amazon", "en"),
        ("Apple, la ricetta", "Le mele vanno sbucciate. Ma il prossimo passo è la cottura.", "jack ma", "it"),
        ("Mercato", "Ma il prossimo anno? Mai dire mai. Ma no.", "jack ma", "it"),
        ("Tennis", "Tim Henman watched the match with Tim, his brother.", "tim", "en"),
        ("Payments", "She sent the money by PayPal.", "pay", "en"),
    ],
)
def test_ambiguous_near_misses(config, gazetteer, title, body, term, language):
    s = summarise(title, body, gazetteer, language=language)
    assert index_for(config, gazetteer, term).match(s) == {}, (term, body)


@pytest.mark.parametrize(
    "title, body, term, language",
    [
        ("New phones", "Apple unveiled the new iPhone in Cupertino on Tuesday.", "apple", "en"),
        ("Smartphone", "Il nuovo iPhone di Apple arriva in Italia a settembre.", "apple", "it"),
        ("手机", "苹果公司发布了新款手机。", "apple", "zh"),
        ("Cloud", "Revenue at Amazon rose as its cloud unit grew, the company said.", "amazon", "en"),
        ("Tlc", "Il consiglio di TIM ha approvato il piano, e TIM guarda al 2026.", "tim", "it"),
        ("E-commerce", "Jack Ma founded Alibaba. Since then Ma has stepped back.", "jack ma", "en"),
    ],
)
def test_ambiguous_entities_still_match_as_themselves(config, gazetteer, title, body, term, language):
    s = summarise(title, body, gazetteer, language=language)
    assert index_for(config, gazetteer, term).match(s), (term, body)


def test_a_product_named_after_its_maker_names_the_maker(config, gazetteer):
    s = summarise("Pagamenti", "Da oggi anche Apple Pay è disponibile per i clienti della banca.", gazetteer,
                  language="it")
    matched = index_for(config, gazetteer, "apple", "apple pay", "google").match(s)
    assert set(matched) == {0, 1}
    assert matched[0][0].hits == ("Apple Pay",)


# --- page furniture ----------------------------------------------------------------------------------

SIDEBAR_ARTICLE = (
    "Viele Läden bieten mittlerweile den Bezahldienst Alipay an, um chinesischen Touristen das Einkaufen zu "
    "erleichtern, und die Drogeriekette arbeitet jetzt auch mit Alipay zusammen.\n\n"
    "Die besten Huawei-Smartphones\n\nPlatz 1\nP30 Pro\n\nTestnote\n\nHuawei\n\nZum Angebot\n\n"
    "Alipay ist der weltweit größte Online-Bezahldienst mit mehr als einer halben Milliarde Nutzern weltweit."
)


def test_a_sidebar_is_not_the_article(config, gazetteer):
    s = summarise("Alipay erobert Deutschland", SIDEBAR_ARTICLE, gazetteer, language="de")
    assert set(index_for(config, gazetteer, "huawei", "alipay").match(s)) == {1}


def test_a_short_summary_is_all_article(config, gazetteer):
    s = summarise("Smartphones", "Huawei kündigt neues Handy an", gazetteer, language="de")
    assert set(index_for(config, gazetteer, "huawei").match(s)) == {0}


# --- negative follows ----------------------------------------------------------------------------------


def test_split_negatives():
    assert split_negatives("apple -pie") == ("apple", ["pie"])
    assert split_negatives('"apple pay" -"apple pie" -tart') == ('"apple pay"', ['"apple pie"', "tart"])
    assert split_negatives("e-commerce cross-border") == ("e-commerce cross-border", [])
    assert split_negatives('"apple -pie"') == ('"apple -pie"', [])


def test_follow_with_negative_terms_resolves_mutes(config, gazetteer):
    res = resolve_follow("apple -pie -tencent", config.topics, gazetteer)
    assert (res.kind, res.value) == ("entity", "Apple")
    assert [(m.kind, m.value) for m in res.mutes] == [("mute", "term:pie\tentity:Apple"),
                                                      ("mute", "entity:Tencent\tentity:Apple")]
    with pytest.raises(ValueError, match="/mute"):
        resolve_follow("-pie", config.topics, gazetteer)
    assert resolve_mute("chinese tech", config.topics, gazetteer).value == "topic:chinese-tech"


def test_mutes_suppress_matches_for_their_chat_only(config, gazetteer):
    s = summarise("Apple Pay e le torte", "Apple Pay arriva: paghi le torte di mele al bar con Apple Pay.", gazetteer,
                  language="it")
    follows = [
        Follow(1, "entity", "Apple", "apple"),
        Follow(1, "mute", "term:torta", "torta"),
        Follow(2, "entity", "Apple", "apple"),
        Follow(3, "entity", "Apple", "apple"),
        Follow(3, "mute", "entity:Apple Pay", "apple pay"),
        Follow(4, "topic", "mobile-payments", "Mobile payments"),
        Follow(4, "mute", "topic:mobile-payments", "mobile payments"),
        Follow(5, "term", "mele", "mele"),
        Follow(5, "mute", "term:torta", "torta"),  # an inflection of the muted word counts too
        # Scoped to one follow ("/follow apple -torta"): the chat's other follow still matches.
        Follow(6, "entity", "Apple", "apple"),
        Follow(6, "term", "mele", "mele"),
        Follow(6, "mute", "term:torta\tentity:Apple", "torta"),
        Follow(7, "entity", "Apple", "apple"),
        Follow(7, "mute", "term:fragole\tentity:Apple", "fragole"),
    ]
    matched = FollowIndex(follows, config.topics, gazetteer).match(s)
    assert set(matched) == {2, 6, 7}
    assert [r.label for r in matched[6]] == ["mele"]


def test_user_text_is_never_a_regular_expression(config, gazetteer):
    s = summarise("Regex", "Prices rose (a lot) in 2024; a.b and axb are codes. C++ is a language.", gazetteer,
                  language="en")
    index = index_for(config, gazetteer, "a.*b", "(a lot)", "a.b", "c++", "[a-z]+")
    assert set(index.match(s)) == {1, 2, 3}


# --- topics ------------------------------------------------------------------------------------------


def _summary(headline, text, language="en", **kw):
    return Summary(headline=headline, language=language, entities=(), title=headline, text=text, **kw)


def test_topic_exclude_keywords_veto_like_evidence(gazetteer):
    topic = Topic("payments", "Payments", ("mobile payment", "digital wallet"), exclude=("recipe",))
    index = FollowIndex([], [topic], gazetteer)
    body = "Mobile payments grow. A digital wallet is handy. Mobile payment apps everywhere."
    assert "payments" in index.matching_topics(_summary("News", body))
    assert "payments" not in index.matching_topics(_summary("Apple pie recipe", body))
    # A passing "recipe for success" does not veto a payments story.
    assert "payments" in index.matching_topics(_summary("News", body + " It is a recipe for success."))


def test_inflected_keywords_count_once_per_occurrence(gazetteer):
    topic = Topic("payments", "Payments", ("mobile payment", "mobile payments"))
    index = FollowIndex([], [topic], gazetteer)
    assert index.topic_evidence(_summary("News", "Mobile payments grow.")) == {"payments": {"mobile payment": 1}}
    assert "payments" not in index.matching_topics(_summary("News", "Mobile payments grow. Mobile payments too."))


def test_topic_keywords_in_every_language_reach_the_topic(config, gazetteer):
    index = index_for(config, gazetteer)
    cases = [
        ("it", "Pagamenti digitali, boom in Italia", "Cresce l'uso del portafoglio digitale."),
        ("en", "Mobile wallets keep growing", "Contactless payments rose again."),
        ("de", "Mobiles Bezahlen wird beliebter", "Immer mehr Menschen nutzen eine Bezahl-App."),
        ("fr", "Le paiement mobile progresse", "Les portefeuilles numériques se multiplient."),
        ("es", "Los pagos móviles crecen en España", "La billetera digital gana usuarios."),
        ("zh", "移动支付持续增长", "越来越多的人使用电子钱包。"),
    ]
    for language, title, body in cases:
        s = summarise(title, body, gazetteer, language=language)
        assert "mobile-payments" in index.matching_topics(s), (language, title)


# --- a form two entries share ------------------------------------------------------------------------

RAINFOREST = ("Fires in the Amazon rainforest have reached their highest level in 14 years, the space agency said. "
              "A drought is drying out the Amazon, and smoke has reached São Paulo.")
RETAILER = ("Amazon.com reported record sales on Thursday. Amazon said its cloud unit grew 19%, and Amazon also "
            "pledged to protect the Amazon rainforest.")


def test_the_amazon_beside_the_amazon_rainforest_is_the_forest(config, gazetteer):
    s = summarise("Amazon fires threaten Brazil's rainforest", RAINFOREST, gazetteer, language="en")
    assert "Amazon rainforest" in s.entities and "Amazon" not in s.mentioned
    assert next(m for m in s.mentions if m.name == "Amazon rainforest").in_title
    assert not index_for(config, gazetteer, "amazon").match(s)


def test_a_company_named_unambiguously_keeps_its_bare_name(config, gazetteer):
    s = summarise("Amazon beats forecasts", RETAILER, gazetteer, language="en")
    assert s.entities[0] == "Amazon" and "Amazon rainforest" in s.mentioned
    assert next(m for m in s.mentions if m.name == "Amazon").count >= 4
    assert index_for(config, gazetteer, "amazon").match(s)


# --- a name that is a noun of the language -----------------------------------------------------------

def test_a_german_noun_is_not_the_company_of_the_same_name(config, gazetteer):
    body = "Eine Zelle im Rechenzentrum verarbeitet jede Transaktion. Der Block des Herstellers gilt als Sieg."
    s = summarise("Rechenzentrum erweitert", body, gazetteer, language="de")
    assert not {"Zelle", "Block"} & s.mentioned
    assert not index_for(config, gazetteer, "zelle", "block").match(s)
    # Named in full, the company's bare name counts again; in English it always did.
    s = summarise("Block kauft Afterpay", "Block Inc. übernimmt Afterpay. Block zahlt 29 Milliarden Dollar.",
                  gazetteer, language="de")
    assert next(m for m in s.mentions if m.name == "Block").count >= 2
    assert index_for(config, gazetteer, "block").match(s)
    s = summarise("Zelle grows", "Zelle, the bank-owned payment network, said on Monday it has 150 million users.",
                  gazetteer, language="en")
    assert "Zelle" in s.entities and index_for(config, gazetteer, "zelle").match(s)


def test_the_rainforest_named_in_another_language_leaves_the_company_alone(config, gazetteer):
    s = summarise("Amazon apre un nuovo magazzino a Manaus", "Amazon ha annunciato un magazzino nel cuore "
                  "dell'Amazzonia. Amazon assumerà 500 persone.", gazetteer, language="it")
    assert s.entities[0] == "Amazon" and index_for(config, gazetteer, "amazon").match(s)
    s = summarise("Amazon opens warehouse", "Amazon said on Tuesday it will build a warehouse at the edge of the "
                  "Amazon rainforest. Amazon will hire 500 people.", gazetteer, language="en")
    assert s.entities[0] == "Amazon" and index_for(config, gazetteer, "amazon").match(s)


def test_follows_and_mutes_stored_under_an_entitys_former_name_still_work(config):
    # An admin renames an entity and keeps the old name as an alias: follows and mutes stored under the
    # old canonical name (chats made them before the change) reach the renamed entity.
    from bot.core.entities import Gazetteer
    from bot.types import Entity

    gaz = Gazetteer([Entity("Grupo Fictício", "company", aliases=("Banco Fictício",))], territories=False)
    s = summarise("Grupo Fictício compra banco", "O Grupo Fictício anunciou a compra. Banco Fictício cresce.", gaz,
                  language="pt")
    assert "Grupo Fictício" in s.entities
    follows = [Follow(1, "entity", "Banco Fictício", "banco fictício"), Follow(2, "entity", "Grupo Fictício", "x"),
               Follow(3, "entity", "Banco Fictício", "banco fictício"), Follow(3, "mute", "entity:Banco Fictício", "b")]
    index = FollowIndex(follows, config.topics, gaz)
    assert set(index.match(s)) == {1, 2}
    index.remove([follows[0]])
    assert set(index.match(s)) == {2}
