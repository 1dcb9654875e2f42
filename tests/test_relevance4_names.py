"""Names as other languages write them: declined ("Huaweivel", "Applen", "Алибабы"), with a genitive -s
("Apples vinst"), a variant's sign ("Alipay+"), the Italian press's "la Mela"; a person's name only
capitalised ("Jack ma" is Polish for "Jack has"); a platform named only as where something was posted.
Texts written for these tests."""

from __future__ import annotations

import pytest

from bot.core.channels import channel_spans, only_as_channel
from bot.core.summarise import summarise
from tests.test_match import hits, index_for

DECLINED = [
    ("hu", "Új akkumulátorgyár Debrecenben",
     "A világ legnagyobb akkumulátorgyártója a BYD-vel és a Huaweivel együtt a kínai ipar zászlóshajója. "
     "A gyár jövőre kezdi meg a termelést, közölte a kormány.", "huawei"),
    ("fi", "Kiinalainen sähköauto tulee Suomeen",
     "Yhtiön puhelimet ovat olleet Suomen myydyimpien joukossa Samsungin ja Applen jälkeen. Autoja myydään "
     "ensi vuonna kolmessa kaupungissa, kertoo maahantuoja.", "apple"),
    ("pl", "Nowe smartfony w Polsce",
     "Sprzedaż smartfonów Huaweia wzrosła w trzecim kwartale o jedną piątą. Firma otworzyła też nowy salon "
     "w Warszawie, podał dystrybutor.", "huawei"),
    ("ru", "Маркетплейсы растут",
     "Продажи Алибабы в России выросли на треть, сообщили аналитики. Российские продавцы всё чаще выходят на "
     "зарубежные площадки.", "alibaba"),
    ("ro", "Vânzările de telefoane cresc",
     "Cota de piață a Xiaomiului a crescut în trimestrul al treilea, potrivit analiștilor. Magazinele au "
     "raportat vânzări record înainte de sărbători.", "xiaomi"),
]


@pytest.mark.parametrize(("lang", "title", "body", "term"), DECLINED, ids=[d[0] for d in DECLINED])
def test_a_declined_name_reaches_its_followers(config, gazetteer, lang, title, body, term):
    assert summarise(title, body, gazetteer).language == lang
    assert term in hits(config, gazetteer, title, body, term)


def test_a_declined_common_noun_names_nobody(config, gazetteer):
    # Polish "Unii" (of the union) shares letters with no followed name, and "Jack ma" is "Jack has".
    title, body = ("Husky Jack ma nowy dom", "Pies, którego w niedzielę znaleźli ratownicy, trafił do rodziny. "
                   "Jack ma około pięciu lat i był wychudzony. – Jack ma ogromne szczęście – mówi ratownik.")
    assert "jack ma" not in hits(config, gazetteer, title, body, "jack ma")
    title2, body2 = ("Jack Ma wraca do Alibaby", "Założyciel Alibaby Jack Ma pojawił się w siedzibie firmy w "
                     "Hangzhou. Jack Ma od lat nie pełni funkcji w zarządzie, podaje agencja.")
    assert hits(config, gazetteer, title2, body2, "jack ma", "alibaba") == {"jack ma", "alibaba"}


@pytest.mark.parametrize(("lang", "title", "body"), [
    ("de", "Huawei stellt Faltphone vor", "Das Gerät kam wenige Stunden nach Apples iPhone-Event auf den Markt. "
     "Der Preis beginnt bei 2.500 Euro, teilte der Konzern mit."),
    ("sv", "Rekordkvartal för techjätten", "Apples vinst ökade med en femtedel under kvartalet, enligt bolagets "
     "rapport. Försäljningen av telefoner steg i Europa och Asien."),
    ("da", "Telefonsalget stiger", "Apples nye telefon sælger bedre end ventet, oplyser forhandlerne. Salget steg "
     "især i de store byer i december."),
])
def test_a_genitive_s_still_names_the_company(config, gazetteer, lang, title, body):
    assert "apple" in hits(config, gazetteer, title, body, "apple")


def test_a_variant_with_a_sign_reaches_followers_of_the_brand(config, gazetteer):
    title = "PayPay、登録ユーザー6500万人を突破"
    body = ("QRコード決済サービス「PayPay」の登録ユーザー数が6500万人を突破した。訪日客の増加に合わせ、"
            "中国の「Alipay+」を通じた海外アプリの支払いにも加盟店で対応している。")
    assert "alipay" in hits(config, gazetteer, title, body, "alipay")


def test_la_mela_names_apple_in_italian_tech_press_but_not_at_a_fruit_fair(config, gazetteer):
    tech = ("Xiaomi apre il primo negozio a Milano", "In Italia Xiaomi è il secondo marchio di smartphone per unità "
            "vendute, dietro Samsung e davanti alla Mela. La quota dell'azienda è salita al 24%.")
    assert "apple" in hits(config, gazetteer, *tech, "apple")
    fair = ("In Val di Non torna la Festa della Mela", "Tre giorni di festa tra i frutteti: i produttori di mele "
            "aprono i magazzini, e la raccolta delle mele Golden è appena finita. La Festa della Mela chiude "
            "domenica con il mercato contadino.")
    assert "apple" not in hits(config, gazetteer, *fair, "apple")


@pytest.mark.parametrize("text", [
    "Xavi Simons kondigt transfer aan via Instagram en TikTok",
    "publicó en TikTok y YouTube un vídeo de la presentación",
    "zapowiedział na Facebooku i TikToku, że wraca",
    "He said on X and TikTok that the deal was done",
])
def test_platforms_named_as_channels(text):
    assert only_as_channel("TikTok", (text,)), channel_spans(text)


@pytest.mark.parametrize("text", [
    "The US ban on TikTok and WeChat takes effect on Sunday",
    "L'enquête sur TikTok et Instagram s'étend",
    "TikTok is owned by ByteDance",
    "Mit TikTok und Instagram wachsen die Umsätze",
])
def test_platforms_named_as_subjects(text):
    assert not only_as_channel("TikTok", (text,))


def test_a_transfer_posted_on_tiktok_is_no_chinese_tech_story(config, gazetteer):
    title = "Xavi Simons kondigt transfer aan via Instagram en TikTok"
    body = ("Xavi Simons speelt ook komend seizoen in de Bundesliga. De 21-jarige international maakte zijn verhuur "
            "van Paris Saint-Germain aan RB Leipzig zelf bekend met een filmpje op Instagram en TikTok, waarin hij "
            "in een Leipzig-shirt door het stadion loopt. Trainer Marco Rose is blij met de komst van de middenvelder.")
    s = summarise(title, body, gazetteer)
    assert "TikTok" not in s.entities and "Instagram" not in s.entities
    assert not index_for(config, gazetteer, "chinese tech").match(s)
    ban = ("TikTok faces a ban in the US",
           "The US ban on TikTok takes effect on Sunday unless ByteDance sells the app. TikTok said it would "
           "challenge the law in court, and Chinese officials criticised the decision.")
    s2 = summarise(*ban, gazetteer)
    assert "TikTok" in s2.entities
    assert index_for(config, gazetteer, "chinese tech").match(s2)


@pytest.mark.parametrize(("title", "model"), [
    ("Huawei Mate XT: the tri-fold phone goes on sale in Europe", "Huawei Mate XT"),
    ("Huawei Mate X6 review: a foldable for the rest of us", "Huawei Mate X6"),
])
def test_a_model_code_after_a_product_family_names_the_model(gazetteer, title, model):
    body = (f"Huawei has started selling the {model} in twelve countries. The {model} costs more than any phone the "
            "company has made, and Huawei said demand had outstripped supply in China.")
    assert model in summarise(title, body, gazetteer, language="en").entities


@pytest.mark.parametrize("title", ["Ribuan Warga Mengungsi Akibat Banjir Di Jakarta Timur",
                                   "Bank Sentral Perluas Pembayaran Lintas Negara Lewat QRIS"])
def test_indonesian_title_case_headlines_give_no_names(gazetteer, title):
    body = ("Bank Indonesia mencatat transaksi QRIS naik dua kali lipat tahun ini, kata Gubernur Perry Warjiyo di "
            "Jakarta. Transaksi nontunai diperkirakan terus tumbuh hingga akhir tahun, menurut bank sentral.")
    s = summarise(title, body, gazetteer, language="id")
    assert all(" " not in name or name in ("Bank Indonesia", "Perry Warjiyo", "Jakarta Timur") for name in s.entities), s.entities


@pytest.mark.parametrize(("text", "platform"), [
    ("Un chef lyonnais devient une star grâce à ses vidéos sur Douyin", "Douyin"),
    ("Il cane è stato ritrovato grazie a una foto circolata su WeChat", "WeChat"),
    ("She shared a video posted on TikTok by her sister", "TikTok"),
])
def test_something_posted_on_a_platform_is_a_channel(text, platform):
    assert only_as_channel(platform, (text,))


def test_a_dog_found_through_a_wechat_post_is_no_chinese_tech_story(config, gazetteer):
    title = "Prato, il cane Bobo ritrovato dopo cinque giorni grazie a un post su WeChat"
    body = ("La proprietaria, una commerciante del Macrolotto, ha riconosciuto il cane grazie a una foto circolata "
            "su WeChat. Il cane era scomparso domenica scorsa da via Pistoiese e sta bene, dicono i volontari.")
    s = summarise(title, body, gazetteer, language="it")
    assert not index_for(config, gazetteer, "chinese tech").match(s)


def test_a_famous_name_in_quotes_names_a_pet_not_the_person(config, gazetteer):
    title = "Katten «Jack Ma» kom hjem etter tre måneder på rømmen"
    body = ("Familien Haugland hadde gitt opp håpet. Så satt katten «Jack Ma» plutselig på trappen igjen, tynnere, "
            "men i god form, forteller eieren til avisen.")
    assert "jack ma" not in hits(config, gazetteer, title, body, "jack ma")
    assert "jack ma" in hits(config, gazetteer, "Jack Ma besøker Oslo", "Alibaba-grunnlegger Jack Ma besøkte Oslo "
                             "mandag, og Jack Ma møtte næringsministeren.", "jack ma")


@pytest.mark.parametrize(("text", "platform"), [
    ("Lamine Yamal enseña en TikTok su nueva celebración", "TikTok"),
    ("Penyanyi itu umum berkahwin menerusi hantaran di WeChat dan Instagram", "WeChat"),
    ("Pengumuman dibuat menerusi hantaran di akaun WeChat miliknya", "WeChat"),
])
def test_a_platform_after_a_placing_preposition_is_a_channel(text, platform):
    assert only_as_channel(platform, (text,))


def test_italian_di_is_of_not_on(config, gazetteer):
    assert not only_as_channel("TikTok", ("Il Garante indaga sui dati degli utenti di TikTok",))
