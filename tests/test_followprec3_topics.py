"""Topics in languages the keyword lists did not speak: a payments or Chinese-tech story reaches its
topic, and a story in the same language that only shares a word does not. Texts written for these tests."""

from __future__ import annotations

import pytest

from bot.core.summarise import summarise
from tests.test_match import index_for

PAYMENTS = [
    ("id", "Bank sentral perluas QRIS ke Korea",
     "Wisatawan kini bisa membayar dengan QRIS lewat dompet digital seperti GoPay dan ShopeePay. Transaksi "
     "nontunai tumbuh pesat, kata bank sentral.",
     "Gaji pegawai negeri dibayar bulan depan", "Pemerintah memastikan dana untuk gaji pegawai sudah tersedia."),
    ("vi", "Ví điện tử tăng trưởng mạnh",
     "Người dùng ví điện tử tại Việt Nam tăng gấp đôi. Thanh toán không tiền mặt qua ZaloPay và VNPay ngày càng "
     "phổ biến.",
     "Giá vàng tăng mạnh", "Người dân xếp hàng mua vàng và thanh toán bằng tiền mặt tại cửa hàng."),
    ("cs", "Mobilní platby v Česku rostou",
     "Češi stále častěji platí mobilem. Podíl mobilních plateb vzrostl a banky nabízejí nové platební aplikace.",
     "Vláda schválila rozpočet", "Ministr financí uvedl, že platby důchodů budou vyplaceny včas."),
    ("hu", "Rekordot döntött a mobilfizetés",
     "A magyarok egyre többször fizetnek telefonnal. A mobilfizetés és az érintésmentes fizetés aránya tovább nőtt.",
     "Emelkednek a nyugdíjak", "A kormány szerint a nyugdíjak kifizetése januárban megtörténik."),
    ("ro", "Plățile mobile cresc în România",
     "Tot mai mulți români folosesc plăți mobile. Băncile lansează un portofel digital și o nouă aplicație de plată.",
     "Salariile profesorilor cresc", "Guvernul a aprobat plata salariilor pentru profesori din ianuarie."),
    ("fi", "Mobiilimaksaminen yleistyy",
     "Suomalaiset käyttävät yhä enemmän mobiilimaksuja. Lähimaksu puhelimella on jo arkea, ja uusi maksusovellus "
     "kasvaa nopeasti.",
     "Palkat nousevat ensi vuonna", "Työnantajat maksavat palkat ajallaan, kertoo liitto."),
    ("el", "Αυξάνονται οι ψηφιακές πληρωμές",
     "Οι ανέπαφες πληρωμές με κινητό αυξήθηκαν. Το ψηφιακό πορτοφόλι κερδίζει έδαφος στην Ελλάδα.",
     "Αυξάνονται οι συντάξεις", "Η κυβέρνηση ανακοίνωσε την καταβολή των συντάξεων τον Ιανουάριο."),
    ("uk", "Мобільні платежі зростають",
     "Українці дедалі частіше користуються безконтактною оплатою. Мобільні платежі та електронний гаманець "
     "стають звичними.",
     "Пенсії підвищать", "Уряд оголосив, що виплата пенсій відбудеться вчасно."),
    ("fr", "Sénégal : le mobile money gagne les marchés",
     "Les commerçants de Dakar acceptent le mobile money. Orange Money et les autres services de monnaie "
     "électronique comptent des millions de comptes.",
     "Les salaires des fonctionnaires payés en retard", "Le ministère promet que les salaires seront versés lundi."),
]


def assert_payments_pair(config, gazetteer, lang, story: tuple[str, str], other: tuple[str, str]):
    """The payments story reaches the topic; the story in the same language that shares a word does not."""
    index = index_for(config, gazetteer)
    s = summarise(*story, gazetteer, language=lang)
    assert "mobile-payments" in index.matching_topics(s), index.topic_evidence(s)
    o = summarise(*other, gazetteer, language=lang)
    assert "mobile-payments" not in index.matching_topics(o), index.topic_evidence(o)
    return index


@pytest.mark.parametrize(("lang", "title", "body", "other_title", "other_body"), PAYMENTS, ids=[p[0] for p in PAYMENTS])
def test_payments_stories_reach_the_topic_in_more_languages(config, gazetteer, lang, title, body, other_title,
                                                           other_body):
    assert_payments_pair(config, gazetteer, lang, (title, body), (other_title, other_body))


CHINESE_TECH = [
    ("cs", "Čínský gigant představil nový čip", "Čínská společnost uvedla, že čínský výrobce čipů zvýšil výrobu."),
    ("hu", "Új telefont mutatott be a kínai óriás", "A kínai gyártó szerint a kínai cég eladásai nőttek."),
    ("ro", "Gigantul chinez lansează un telefon", "Compania chineză a anunțat că producătorul chinez vinde mai mult."),
    ("fi", "Kiinalainen teknologiajätti esitteli puhelimen", "Kiinalainen yhtiö kertoi, että kiinalaisvalmistaja kasvaa."),
    ("el", "Ο κινεζικός κολοσσός παρουσίασε κινητό", "Η κινεζική εταιρεία ανακοίνωσε ότι ο κινεζικός κολοσσός αναπτύσσεται."),
    ("uk", "Китайський гігант представив смартфон", "Китайська компанія заявила, що китайський виробник зростає."),
    ("vi", "Gã khổng lồ công nghệ Trung Quốc ra mắt điện thoại", "Hãng Trung Quốc cho biết công ty Trung Quốc tăng trưởng."),
    ("id", "Raksasa teknologi China luncurkan ponsel", "Perusahaan asal China itu menyebut produsen asal China tumbuh."),
    ("ko", "중국 빅테크, 새 스마트폰 공개", "중국 기업들이 신제품을 내놓았다. 중국 업체의 점유율이 올랐다. 중국 스마트폰 판매가 늘었다."),
    ("es", "Chery amplía su fábrica en Barcelona", "Los coches chinos ganan cuota en España gracias a Chery."),
    ("it", "Haier compra un marchio europeo", "Il gruppo Haier cresce in Europa con gli elettrodomestici."),
    ("pt", "Carros chineses dominam o salão", "A Great Wall Motor e a Chery mostraram carros chineses elétricos."),
]


@pytest.mark.parametrize(("lang", "title", "body"), CHINESE_TECH, ids=[f"{c[0]}-{i}" for i, c in enumerate(CHINESE_TECH)])
def test_chinese_tech_sector_words_in_more_languages(config, gazetteer, lang, title, body):
    index = index_for(config, gazetteer)
    s = summarise(title, body, gazetteer, language=lang)
    assert "chinese-tech" in index.matching_topics(s), index.topic_evidence(s)
    # Words the new names share with ordinary text reach nothing.
    other = summarise("Los seres humanos y la ciencia", "Los seres humanos, dice el estudio, duermen menos. Los "
                      "seres humanos necesitan luz; la anta del armario y el ancla (Anker) no son marcas.", gazetteer,
                      language="es")
    assert index.matching_topics(other) == {}, index.topic_evidence(other)
