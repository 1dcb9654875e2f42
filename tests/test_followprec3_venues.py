"""A company named only as a venue ("PayPal Park", "みずほPayPayドーム", "Stade PayPal") is not a story
about it: no follower of the company, no topic through it. Texts written for these tests."""

from __future__ import annotations

import pytest

from bot.core.summarise import summarise
from bot.core.venues import is_venue
from tests.test_match import hits, index_for


@pytest.mark.parametrize(("title", "body", "term", "named"), [
    ("Earthquakes held by Sounders in front of sellout crowd",
     "San Jose drew 2-2 with Seattle on Saturday night at PayPal Park, keeping their playoff hopes alive. "
     "Fans going to next week's match at PayPal Park should take the Caltrain shuttle.", "paypal",
     "PayPal, the payments company, pays for the naming rights."),
    ("Le FC Nantes s'impose au Stade PayPal",
     "Les Nantais ont battu Lens 2-1 samedi soir au Stade PayPal, devant 30 000 spectateurs. "
     "L'entraîneur a salué la réaction de son équipe après la pause.", "paypal",
     "Le groupe PayPal paie pour le nom du stade."),
    ("Koncert w Huawei Arenie",
     "Zespół zagrał w sobotę dla 12 tysięcy widzów. Bilety na koncert w Huawei Arena wyprzedały się w godzinę, "
     "a kolejny koncert zaplanowano na wiosnę.", "huawei", "Firma Huawei płaci za nazwę hali."),
    ("Derby der Eisbären in der Alibaba-Arena",
     "Die Eisbären gewannen das Derby mit 4:2. In der ausverkauften Alibaba-Arena sahen 14.000 Zuschauer zwei "
     "Tore im Schlussdrittel.", "alibaba", "Der Konzern Alibaba zahlt für den Namen der Halle."),
    ("O Palmeiras vence no Estádio Huawei",
     "O Palmeiras venceu o Santos por 2 a 0 no Estádio Huawei neste domingo, diante de 40 mil torcedores.",
     "huawei", "A Huawei paga pelo nome do estádio."),
])
def test_a_company_named_only_as_a_venue_reaches_no_follower(config, gazetteer, title, body, term, named):
    assert term not in hits(config, gazetteer, title, body, term)
    # The same company named as itself in the same story still counts.
    assert term in hits(config, gazetteer, title, f"{body} {named}", term)


@pytest.mark.parametrize(("title", "body"), [
    ("ソフトバンク、みずほPayPayドームで日本ハムに連勝",
     "ソフトバンクは7日、みずほPayPayドーム福岡で日本ハムに3対1で勝った。先発投手が7回1失点と好投した。"
     "みずほPayPayドームには3万8千人が詰めかけた。"),
    ("Earthquakes held by Sounders at PayPal Park",
     "San Jose drew 2-2 with Seattle at PayPal Park. A crowd of 18,000 at PayPal Park watched the draw."),
])
def test_a_venue_named_after_a_payments_brand_is_no_payments_story(config, gazetteer, title, body):
    s = summarise(title, body, gazetteer)
    assert "mobile-payments" not in index_for(config, gazetteer).matching_topics(s)


def test_the_venue_rule_reads_the_words_beside_the_name():
    for text, name in [("at PayPal Park on Saturday", "PayPal"), ("みずほPayPayドーム福岡", "PayPay"),
                       ("au Stade PayPal samedi", "PayPal"), ("на стадионе «Газпром Арена»", "Газпром")]:
        i = text.index(name)
        assert is_venue(text, i, i + len(name)), text
    for text, name in [("Huawei fields a new team", "Huawei"), ("in the payments arena PayPal leads", "PayPal"),
                       ("PayPal parks its crypto plans", "PayPal"), ("PayPal said on Monday", "PayPal")]:
        i = text.index(name)
        assert not is_venue(text, i, i + len(name)), text


@pytest.mark.parametrize("title, body, lang", [
    ("Earthquakes beat Sporting KC 2-1",
     "The San Jose Earthquakes beat Sporting Kansas City 2-1 at PayPal Park on Saturday night. Cristian Espinoza "
     "scored twice before a crowd of 18,000 at PayPal Park, and coach Bruce Arena praised the defence.", "en"),
    ("Galatasaray Vodafone Park'ta kazandı",
     "Galatasaray, cumartesi akşamı Vodafone Park'ta oynanan derbide Beşiktaş'ı 2-1 yendi. Maçın ardından "
     "teknik direktör Okan Buruk, Vodafone Park'taki atmosferin çok zor olduğunu söyledi.", "tr"),
    ("Samsung Hall: Patent Ochsner spielt zweimal",
     "Die Berner Band Patent Ochsner spielt im März zweimal in der Samsung Hall in Dübendorf. Die Samsung Hall "
     "fasst 5000 Personen; Tickets gibt es ab Freitag.", "de"),
])
def test_a_sponsors_ground_is_no_key_entity(gazetteer, title, body, lang):
    from bot.core.summarise import summarise

    entities = summarise(title, body, gazetteer, language=lang).entities
    assert not {"PayPal", "Vodafone", "Samsung"} & set(entities)
