"""Relevance on articles nobody tuned for: each kind of miss seen on real articles, in several languages.

The texts are written for these tests (modelled on the kinds of page seen in the wild), never copied
from a labelled set.
"""

from __future__ import annotations

import pytest

from bot.core.furniture import drop_link_blocks, is_block_heading, is_inline_link, is_link_row
from bot.core.summarise import clean_body, summarise
from tests.test_match import hits

# --- text that is not the article: link blocks, inline links, tag lines, link rows --------------------

LINK_BLOCKS = [
    ("pl", "Czytaj też:", "Xiaomi wchodzi na polski rynek samochodów"),
    ("pt", "Leia também", "Xiaomi lança novo smartphone em Portugal"),
    ("nl", "Lees ook:", "Huawei bouwt nieuw onderzoekscentrum in Delft"),
    ("da", "Læs også", "Huawei må ikke levere til 5G-nettet i Danmark"),
    ("sv", "Läs också", "Huawei öppnar butik i Stockholm"),
    ("ru", "Читайте также:", "Huawei открыла новый магазин в Москве"),
    ("tr", "İLGİLİ HABERLER", "Çin'de Huawei'nin yeni telefonu rekor kırdı"),
    ("es", "Sigue leyendo", "Huawei invertirá en centros de datos en Europa"),
    ("en", "Related Coverage", "Huawei profit beats estimates on phone sales"),
    ("ja", "関連記事", "ファーウェイが新型スマホを発表"),
    ("zh", "【延伸阅读】", "华为Mate 70销量破千万台"),
]
PROSE = ("This paragraph is long enough to be prose, the kind of paragraph a story is written in, so it "
         "ends any block of links that comes before it and must stay where it is in the body.")


@pytest.mark.parametrize(("lang", "heading", "link"), LINK_BLOCKS)
def test_a_link_block_mid_body_is_dropped_and_the_story_goes_on(lang, heading, link):
    body = f"First paragraph of the story.\n\n{heading}\n{link}\nAnother headline of another story\n\n{PROSE}"
    text = clean_body(body, lang)
    assert link not in text and heading not in text
    assert "First paragraph of the story." in text and PROSE in text


@pytest.mark.parametrize("line", [
    "Czytaj też: Xiaomi wchodzi na polski rynek samochodów elektrycznych?",
    "Leia também: Apple lança iPhone 17 no Brasil com preço recorde",
    "İlgili: Huawei, Türkiye'de yeni akıllı saatini tanıttı",
    "Tags: Apple Valley, city council, budget, hockey",
    "Emner: MobilePay, Vipps, betalinger",
    "Теги: платежи, Сбербанк, NFC",
    "【関連】シャオミ、日本でスマホ新モデル発表",
    "[Read also] Huawei opens a new store in Milan",
])
def test_an_inline_link_or_tag_line_is_not_prose(line):
    assert is_inline_link(line)
    assert drop_link_blocks(["Prose.", line, "More prose."]) == ["Prose.", "More prose."]


@pytest.mark.parametrize("line", [
    "Leia também o relatório completo, publicado ontem pelo banco central, sobre os pagamentos.",
    "Tags are what the shop uses to price its goods: a cheap one costs a cent.",
    "Related: this word opens a sentence of prose here, and the sentence goes on well past a heading.",
])
def test_prose_that_opens_with_the_same_words_stays(line):
    assert not is_inline_link(line)
    assert drop_link_blocks([line, PROSE]) == [line, PROSE]


def test_block_heading_is_a_whole_line_only():
    assert is_block_heading("Lees ook")
    assert is_block_heading("ЧИТАЙТЕ ТАКЖЕ:")
    assert not is_block_heading("Lees ook wat de minister gisteren zei over de nieuwe regels voor betalen.")


def test_a_row_of_links_is_furniture_a_sentence_with_bars_is_not():
    assert is_link_row("Xiaomi 15 Ultra im Test | Galaxy S25 Ultra | Pixel 9 Pro")
    assert not is_link_row("Xiaomi 15 Ultra im Test | Galaxy S25 Ultra")
    assert not is_link_row("Il prezzo | la data | il modello: tutto quello che sappiamo sul telefono.")


@pytest.mark.parametrize(("lang", "title", "body", "term"), [
    ("pl", "BLIK zbliżeniowy bije rekordy",
     "Polski system płatności BLIK rośnie szybko. Płatności zbliżeniowe są coraz popularniejsze.\n"
     "Czytaj też: Xiaomi wchodzi na polski rynek samochodów elektrycznych?\n"
     "Czytaj też: Huawei traci rynek w Polsce\n" + PROSE, "xiaomi"),
    ("da", "Forsvaret forbyder TikTok på tjenestetelefoner",
     "Forsvaret forbyder appen TikTok på alle tjenestetelefoner fra næste måned.\n\nLæs også\n"
     "Huawei må ikke levere til 5G-nettet i Danmark\nApple åbner ny butik i København\n", "huawei"),
    ("ru", "Без Apple Pay: как россияне платят телефоном",
     "Россияне платят телефоном через другие сервисы.\n\nЧитайте также:\n"
     "Xiaomi обогнала Samsung в России\nHuawei открыла новый магазин в Москве\n", "xiaomi"),
    ("pt", "Pix por aproximação começa a funcionar",
     "O Banco Central lançou o Pix por aproximação nesta sexta-feira.\n\nLeia também\n"
     "Xiaomi anuncia fábrica de celulares em Manaus\nGolpe do Pix: saiba como se proteger\n", "xiaomi"),
])
def test_a_follower_is_not_reached_through_another_storys_link(config, gazetteer, lang, title, body, term):
    assert term not in hits(config, gazetteer, title, body, term)


def test_a_link_block_gives_no_key_entity(gazetteer):
    body = ("Vipps MobilePay lukker MobilePay-navnet, men kunderne skal ikke gøre noget, siger selskabet.\n\n"
            "Læs også\nDanske Bank skærer 200 stillinger i IT\nXiaomi åbner første butik i Aarhus\n")
    assert "Xiaomi" not in summarise("MobilePay forsvinder", body, gazetteer).entities


# --- languages beyond the six: identified, and a short text trusts the feed's declared language ------

from bot.core.parse import parse_feed  # noqa: E402
from bot.core.summarise import detect_language, language_code  # noqa: E402


@pytest.mark.parametrize(("text", "lang"), [
    ("MobilePay forsvinder, men kunderne skal ikke gøre noget, lover Vipps MobilePay i en meddelelse til kunderne.",
     "da"),
    ("När Swish lanserades 2012 var det ett sätt att skicka pengar mellan vänner, men nu höjer bankerna priset.",
     "sv"),
    ("Kabinet grijpt in bij chipmaker uit vrees voor het weglekken van technologie naar het buitenland.", "nl"),
    ("Polski system płatności rusza za granicę, a liczba transakcji zbliżeniowych bije kolejne rekordy.", "pl"),
    ("O Banco Central lançou nesta sexta-feira o pagamento por aproximação, que funciona com o celular.", "pt"),
    ("Россияне платят телефоном через другие сервисы после ухода иностранных платёжных систем.", "ru"),
    ("Kullanıcıların parası ne olacak? Şirketin yönetimine kayyum atandı ve hesaplar incelemeye alındı.", "tr"),
    ("アップルは新しいスマートフォンを発表した。価格は前のモデルより高い。", "ja"),
    ("苹果公司今天发布了新款手机，价格比上一代更高，预计销量仍将增长。", "zh"),
])
def test_every_language_the_identifier_knows_is_named(text, lang):
    assert detect_language(text) == lang


@pytest.mark.parametrize("text", ["Item 1 title", "safe description", "Kina"])
def test_a_short_text_takes_the_declared_language_or_none(text):
    assert detect_language(text) == ""
    assert detect_language(text, "da-DK") == "da"
    assert detect_language(text, "pt_BR") == "pt"


def test_language_code_of_declared_tags():
    assert [language_code(c) for c in ("en-US", "ZH-Hant", "sv", "", None, "x-klingon", "deu")] == [
        "en", "zh", "sv", "", "", "", ""]


def test_the_feed_declares_the_language_of_its_entries():
    rss = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><language>da-DK</language>'
           b"<item><title>Item 1 title</title><link>https://x.example/1</link></item></channel></rss>")
    feed = parse_feed(rss)
    assert feed.language == "da-DK" and feed.entries[0].language == "da-DK"
    atom = (b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" xml:lang="sv"><title>T</title>'
            b'<entry xml:lang="pt-BR"><id>a</id><title>Oi</title><summary>x</summary></entry>'
            b"<entry><id>b</id><title>Hej</title><summary>y</summary></entry></feed>")
    assert [e.language for e in parse_feed(atom).entries] == ["pt-BR", "sv"]
    bare = rss.replace(b"<language>da-DK</language>", b"")
    assert parse_feed(bare, {"Content-Language": "nl"}).entries[0].language == "nl"


def test_summary_of_a_title_only_entry_uses_the_declared_language(gazetteer):
    assert summarise("Item 1 title", "", gazetteer, declared_language="da").language == "da"
    assert summarise("Item 1 title", "", gazetteer).language == ""


@pytest.mark.parametrize(("lang", "title", "body", "word"), [
    ("sv", "Bankerna höjer priset för Swish",
     "Nu höjer flera banker priset för Swish. När Swish lanserades 2012 var tjänsten gratis för alla kunder, "
     "och enligt bankerna har kostnaderna ökat sedan dess. Swish används av nästan alla svenskar.", "När"),
    ("da", "MobilePay skifter navn",
     "Vipps MobilePay skifter navn til Vipps. Ifølge Berlingske skal kunderne ikke gøre noget. Udover MobilePay "
     "ejer selskabet også Vipps i Norge, og selskabet har mange kunder i begge lande.", "Ifølge"),
    ("nl", "Tikkie groeit", "Tikkie groeit snel in Nederland. Volgens ABN AMRO gebruiken miljoenen mensen de app. "
     "Door de groei van Tikkie verdient de bank meer aan betalingen dan ooit tevoren in Nederland.", "Volgens"),
])
def test_sentence_initial_words_of_any_language_are_not_glued_to_names(gazetteer, lang, title, body, word):
    s = summarise(title, body, gazetteer)
    assert s.language == lang
    assert not any(e.split()[0] == word for e in s.entities), s.entities


# --- canonical names whatever the language: countries from CLDR -------------------------------------

from bot.core.entities import Gazetteer  # noqa: E402
from bot.core.places import territory_names, with_territories  # noqa: E402
from bot.types import Entity  # noqa: E402


@pytest.mark.parametrize(("form", "name"), [
    ("Kina", "China"), ("Polska", "Poland"), ("Россия", "Russia"), ("Nederland", "Netherlands"),
    ("Verenigd Koninkrijk", "United Kingdom"), ("Sverige", "Sweden"), ("Danmark", "Denmark"),
    ("ロシア", "Russia"), ("Türkiye", "Turkey"), ("Brasil", "Brazil"), ("Tanzania", "Tanzania"),
])
def test_a_country_in_any_language_has_its_english_name(gazetteer, form, name):
    assert gazetteer.lookup(form).name == name


def test_danish_china_is_shown_as_china(gazetteer):
    body = ("Kina vil åbne flere fabrikker i Europa, og Kina har allerede investeret milliarder i Ungarn. "
            "Ifølge regeringen i Kina skal eksporten af elbiler vokse kraftigt i de kommende år.")
    s = summarise("Kina satser på elbiler i Europa", body, gazetteer)
    assert "China" in s.entities and "Kina" not in s.entities


def test_country_names_that_are_words_or_given_names_are_left_out(gazetteer):
    for word in ("Jordan", "Chad", "Jersey", "Island"):
        entity = gazetteer.lookup(word)
        assert entity is None or entity.type != "place" or entity.name != {"Island": "Iceland"}.get(word, word)
    s = summarise("NBA", "Michael Jordan met Chad Smith in New Jersey to talk about basketball.", gazetteer,
                  language="en")
    assert not {"Jordan", "Chad", "Jersey"} & set(s.mentioned)


def test_the_gazetteer_keeps_its_own_forms_and_names():
    club = Entity(name="Georgia Bulldogs", type="organisation", aliases=("Georgia",))
    china = Entity(name="China", type="place", aliases=("Cina",))
    out = {e.name: e for e in with_territories((club, china))}
    assert out["Georgia Bulldogs"].aliases == ("Georgia",)  # never taken by the country
    assert "Kina" in out["China"].aliases and "Cina" in out["China"].aliases
    assert Gazetteer([china], territories=False).lookup("Kina") is None
    assert len(territory_names()) > 200


# --- inflections and other scripts: endings are not names of their own ------------------------------


@pytest.mark.parametrize(("word", "name"), [
    ("Polsce", "Poland"), ("Polskę", "Poland"), ("России", "Russia"), ("Rosji", "Russia"), ("Huaweia", "Huawei"),
    ("Chin", "China"),
])
def test_an_inflected_name_is_the_known_entity(gazetteer, word, name):
    assert gazetteer.inflected(word).name == name


@pytest.mark.parametrize("word", ["Apples", "Parlament", "Temu", "Pol"])
def test_words_that_only_look_inflected_are_not(gazetteer, word):
    assert gazetteer.inflected(word) is None or gazetteer.inflected(word).name != "Apple"


@pytest.mark.parametrize(("lang", "title", "body", "wanted", "unwanted"), [
    ("pl", "Huawei traci rynek w Polsce",
     "Sprzedaż smartfonów Huaweia w Polsce spadła o połowę. Przedstawiciele Huaweia mówią, że w Polsce firma "
     "nadal inwestuje, a sytuacja na rynku w Polsce jest trudna dla wszystkich producentów.",
     {"Huawei", "Poland"}, {"Polsce", "Huaweia"}),
    ("ru", "Xiaomi удерживает лидерство в России",
     "Продажи смартфонов Xiaomi в России выросли. В России компания занимает первое место, "
     "а доля китайских брендов в России достигла семидесяти процентов рынка.",
     {"Xiaomi", "Russia"}, {"России"}),
    ("tr", "Galatasaray derbide kazandı",
     "Galatasaray, Fenerbahçe'yi 3-1 yendi. Maçın yıldızı Barış Alper Yılmaz'ın attığı iki goldü. "
     "Barış Alper Yılmaz maçtan sonra taraftarlara teşekkür etti ve Galatasaray liderliğini sürdürdü.",
     {"Barış Alper Yılmaz"}, {"Barış Alper Yılmaz'ın", "Fenerbahçe'yi"}),
])
def test_case_endings_do_not_make_new_entities(gazetteer, lang, title, body, wanted, unwanted):
    s = summarise(title, body, gazetteer)
    assert s.language == lang
    assert wanted <= set(s.entities), s.entities
    assert not unwanted & set(s.entities), s.entities


def test_latin_names_inside_japanese_are_cut_from_the_kana(gazetteer):
    body = ("中国からの観光客はアリペイとWeChat Payで支払う。アリペイとWeChat Payに対応する店が増えている。"
            "東京の百貨店では、WeChat Payの利用が前年より増えた。")
    s = summarise("訪日客のスマホ決済が拡大", body, gazetteer)
    assert s.language == "ja"
    assert not any("アリペイと" in e for e in s.entities), s.entities


# --- topics in any language, payment brands, names in other scripts ---------------------------------

from tests.test_match import index_for  # noqa: E402


@pytest.mark.parametrize(("title", "body"), [
    ("Pix por aproximação começa a funcionar",
     "O Banco Central lançou o Pix por aproximação. Agora é possível pagar com o celular encostando-o na "
     "maquininha, como um cartão. O pagamento por aproximação funciona em celulares Android."),
    ("BLIK bije rekordy", "Liczba transakcji BLIK rośnie. Płatności zbliżeniowe telefonem są coraz popularniejsze, "
     "a system płatności BLIK wchodzi na kolejne rynki w Europie."),
    ("Bankerna höjer priset för Swish", "Swish har blivit det vanligaste sättet att skicka pengar. Nu höjer "
     "bankerna avgiften för Swish Företag, och handlarna funderar på andra betalningslösningar."),
    ("MobilePay skifter navn", "MobilePay bliver til Vipps. Vipps MobilePay siger, at kunderne ikke skal gøre "
     "noget. MobilePay bruges af næsten alle danskere til mobilbetaling."),
    ("PayPay、利用者7000万人突破", "スマホ決済のPayPayは利用者が7000万人を超えたと発表した。"
     "PayPayはQRコード決済で国内最大手。"),
    ("Без Apple Pay: как россияне платят телефоном", "После ухода Apple Pay россияне пользуются SberPay и "
     "Mir Pay. Бесконтактная оплата телефоном по-прежнему популярна."),
])
def test_payments_stories_in_any_language_reach_the_topic(config, gazetteer, title, body):
    s = summarise(title, body, gazetteer)
    assert "mobile-payments" in index_for(config, gazetteer).matching_topics(s)


@pytest.mark.parametrize(("title", "body", "term"), [
    ("アップル、新型iPhoneを発表", "アップルは新型iPhoneを発表した。アップルによると価格は据え置き。", "apple"),
    ("ファーウェイが新型スマホ", "中国のファーウェイは新しいスマートフォンを発表した。", "huawei"),
    ("Сяоми обогнала Samsung", "Китайская Сяоми стала лидером рынка смартфонов в России.", "xiaomi"),
    ("アリペイが日本で拡大", "中国のアリペイに対応する店舗が日本で増えている。", "alipay"),
])
def test_known_companies_in_japanese_and_cyrillic_reach_their_followers(config, gazetteer, title, body, term):
    assert term in hits(config, gazetteer, title, body, term)


# --- homographs: the fruit, the grain, the city ----------------------------------------------------

FARM = ("金秋十月，洛川县漫山遍野的苹果树上挂满了果子，果农们忙着采摘苹果。今年苹果个头大、着色好。"
        "全县苹果种植面积稳定在53万亩，苹果优果率提高到80%以上。当地农户种植的小米颗粒饱满，熬粥香浓。"
        "部分苹果通过电商直播卖到全国，京东等快递企业在产区设立了收寄点。")


def test_apples_and_millet_on_a_farm_reach_no_apple_or_xiaomi_follower(config, gazetteer):
    assert not hits(config, gazetteer, "洛川苹果喜获丰收 小米谷子同步开镰", FARM, "apple", "xiaomi")


def test_a_share_widget_does_not_make_a_farm_story_a_business_story(config, gazetteer):
    body = "来源：陕西日报 2024-10-12\n【字号 大 中 小】 分享到：微信 微博 QQ空间\n" + FARM
    assert not hits(config, gazetteer, "洛川苹果喜获丰收", body, "apple", "xiaomi")
    assert "chinese-tech" not in index_for(config, gazetteer).matching_topics(summarise("洛川苹果喜获丰收", body, gazetteer))


@pytest.mark.parametrize(("title", "body", "term"), [
    ("华为手机份额回升", "华为终端曾经市场份额超越苹果和三星，做到第一。华为表示将继续投入研发。", "apple"),
    ("苹果iPhone限制NFC", "值得注意的是，苹果iPhone对NFC接口长期限制，微信支付和支付宝的碰一碰功能在iPhone上依赖系统配合。",
     "apple"),
    ("小米汽车交付量创新高", "小米集团今天公布，小米SU7本月交付超过两万台。小米表示，产能将继续提升，雷军在微博上感谢用户。",
     "xiaomi"),
])
def test_the_same_words_in_a_business_story_name_the_companies(config, gazetteer, title, body, term):
    assert term in hits(config, gazetteer, title, body, term)


def test_a_city_named_like_a_brand_is_the_city(config, gazetteer):
    body = ("APPLE VALLEY, Minn. - The Apple Valley City Council on Thursday approved a 2025 budget with a property "
            "tax increase. Mayor Clint Hooppaw said the increase funds a new ice arena for Apple Valley.")
    assert "apple" not in hits(config, gazetteer, "Apple Valley Council Approves New Ice Arena", body, "apple")
    assert gazetteer.lookup("Apple Valley").type == "place"
    assert "apple" in hits(config, gazetteer, "Apple opens a store", "Apple opened a store in Apple Valley and "
                           "another in Cupertino, Apple said on Monday.", "apple")


# --- places in passing, bylines ----------------------------------------------------------------------

from bot.core.furniture import is_byline  # noqa: E402


@pytest.mark.parametrize(("lang", "title", "body"), [
    ("it", "Satispay raccoglie 60 milioni",
     "Satispay, la app di pagamento fondata da Alberto Dalmasso, ha raccolto 60 milioni di euro. Alberto Dalmasso "
     "ha detto che i fondi serviranno a crescere. La società opera anche in Germania e Francia e punta a "
     "diventare il principale sistema di pagamento in Europa."),
    ("sv", "Malmö FF vann mot Lyon",
     "Malmö FF slog Lyon med 2-1 på Eleda Stadion. Isaac Kiese Thelin gjorde båda målen för Malmö FF, "
     "som nu har fyra poäng i gruppen. Laget spelar nästa match i Europa om två veckor."),
])
def test_a_continent_named_in_passing_takes_no_slot(gazetteer, lang, title, body):
    assert "Europe" not in summarise(title, body, gazetteer).entities


def test_a_continent_in_the_headline_is_key(gazetteer):
    body = "Europe is warming twice as fast as the world average, the report says. Europe's summers are longer."
    assert "Europe" in summarise("Europe is the fastest-warming continent", body, gazetteer, language="en").entities


@pytest.mark.parametrize("line", ["By Mike Hughes | Dec 12, 2024 | Dakota County Tribune", "Door Wouter Laumans",
                                  "Av Linnea Andersson", "Af Ritzau", "Par Juliette Garnier",
                                  "Von Anna Kramer und Daniel Dittus"])
def test_a_byline_is_not_the_story(line):
    assert is_byline(line)
    assert clean_body(f"{line}\n\n{PROSE}") == PROSE


@pytest.mark.parametrize("line", ["By the end of the year, Apple will sell more phones than ever before.",
                                  "Door de groei van Tikkie verdient de bank meer.",
                                  "Par ailleurs, la Banque de France a publié son rapport annuel."])
def test_prose_that_opens_like_a_byline_stays(line):
    assert not is_byline(line)


def test_share_rows_give_no_entities(gazetteer):
    body = ("Av Linnea Andersson\nPublicerad 2024-11-19 06:00\nDela artikeln: Facebook X LinkedIn\n"
            "När Swish lanserades 2012 var det gratis. Nu höjer bankerna priset för Swish, enligt Svensk Handel, "
            "och många handlare funderar på andra betalningslösningar för sina kunder.")
    entities = summarise("Bankerna höjer priset för Swish", body, gazetteer).entities
    assert not {"Facebook", "LinkedIn", "Facebook X", "Linnea Andersson"} & set(entities), entities


@pytest.mark.parametrize("title, body", [
    ("애플페이, 국내 카드사로 확대", "현대카드에 이어 다른 카드사들도 애플페이 도입을 검토하고 있다. 애플은 수수료 협상을 진행 중이다. "
     "업계는 애플페이 이용자가 빠르게 늘 것으로 본다."),
    ("アップルペイ、交通系ICに対応拡大", "アップルは日本でアップルペイの対応を広げると発表した。利用者はiPhoneで改札を通れる。"
     "アップルペイの利用は前年比で大きく伸びた。"),
])
def test_korean_and_japanese_apple_pay_reach_both_follows(config, gazetteer, title, body):
    from tests.test_match import hits

    assert hits(config, gazetteer, title, body, "apple pay", "apple") == {"apple pay", "apple"}
