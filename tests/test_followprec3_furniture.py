"""Text that is not the article, found by its shape as well as by its words: the page's tail after
the story's last sentence, lists under a colon heading, arrow links, photo credits, section headings.

The texts are written for these tests, in the style of pages seen in the wild, never copied from a set.
"""

from __future__ import annotations

import pytest

from bot.core.furniture import drop_link_blocks, drop_trailing_links, is_arrow_link, is_inline_link
from bot.core.summarise import clean_body
from tests.test_match import hits

STORY = {
    "en": "The company said on Tuesday that revenue from its cloud unit rose by a fifth in the quarter, ahead of "
          "what analysts had expected.",
    "cs": "Společnost v úterý oznámila, že tržby její cloudové divize vzrostly ve čtvrtletí o pětinu, což je víc, "
          "než analytici čekali.",
    "id": "Perusahaan itu mengatakan pada hari Selasa bahwa pendapatan unit cloud naik seperlima pada kuartal ini, "
          "lebih tinggi dari perkiraan analis.",
    "ko": "회사는 화요일 클라우드 부문 매출이 이번 분기에 5분의 1 증가해 애널리스트들의 예상을 웃돌았다고 밝혔다. 회사는 내년에도 투자를 늘릴 계획이라고 덧붙였다.",
    "hu": "A vállalat kedden közölte, hogy felhőüzletágának bevétele egyötödével nőtt a negyedévben, ami több, "
          "mint amire az elemzők számítottak.",
    "vi": "Công ty cho biết hôm thứ Ba rằng doanh thu từ mảng điện toán đám mây tăng một phần năm trong quý, cao "
          "hơn dự báo của các nhà phân tích.",
    "fi": "Yhtiö kertoi tiistaina, että sen pilvipalveluyksikön liikevaihto kasvoi neljänneksellä viidenneksen, "
          "enemmän kuin analyytikot odottivat.",
    "el": "Η εταιρεία ανακοίνωσε την Τρίτη ότι τα έσοδα από τη μονάδα υπολογιστικού νέφους αυξήθηκαν κατά ένα "
          "πέμπτο στο τρίμηνο, περισσότερο από ό,τι ανέμεναν οι αναλυτές.",
}

# The page's tail: a heading nobody listed, then headlines of other stories, after the last sentence.
TAILS = [
    ("en", "More from Business\nHow PayPal's new crypto rails work\nNvidia's China chip sales: what we know"),
    ("cs", "Mohlo by vás zajímat:\nXiaomi představilo vlastní čip XRING O1 pro nové telefony\nApple odkládá novou Siri"),
    ("id", "Baca juga:\n- Harga iPhone 17 di Indonesia resmi diumumkan\n- Xiaomi buka toko baru di Jakarta"),
    ("ko", "ⓒ 한국경제, 무단전재 및 재배포 금지\n관련 뉴스\n▶ 샤오미, 국내 첫 오프라인 매장 연다\n▶ 카카오페이, 3분기 역대 최대 실적"),
    ("hu", "Ezek is érdekelhetik\nA Huawei új telefont mutatott be\nAz Apple késlelteti a Sirit"),
    ("vi", "Tin cùng chuyên mục\nXiaomi ra mắt điện thoại mới tại Hà Nội\nApple hoãn ra mắt Siri mới"),
    ("fi", "Uutisia muualta\nHuawei esitteli uuden puhelimen\nApple lykkää Siriä"),
    ("el", "Περισσότερα από την κατηγορία\nΗ Xiaomi παρουσίασε νέο κινητό\nΗ Apple καθυστερεί το νέο Siri"),
]


@pytest.mark.parametrize(("lang", "tail"), TAILS, ids=[t[0] for t in TAILS])
def test_the_pages_tail_after_the_last_sentence_is_not_the_story(lang, tail):
    text = clean_body(f"{STORY[lang]}\n{STORY[lang]}\n{tail}", lang)
    assert text.strip().endswith(STORY[lang])
    for name in ("Xiaomi", "Apple", "PayPal", "Huawei", "샤오미"):
        assert name not in text


@pytest.mark.parametrize(("lang", "title", "tail", "term"), [
    ("en", "Temu and Shein raise prices as duty-free rule ends", TAILS[0][1], "paypal"),
    ("cs", "Alibaba představila nový jazykový model", TAILS[1][1], "xiaomi"),
    ("id", "QRIS kini bisa dipakai di Jepang", TAILS[2][1], "xiaomi"),
    ("ko", "신한카드 간편결제 확대", TAILS[3][1], "xiaomi"),
    ("vi", "Doanh thu mảng đám mây tăng mạnh", TAILS[5][1], "apple"),
])
def test_a_follower_is_not_reached_through_the_pages_tail(config, gazetteer, lang, title, tail, term):
    assert term not in hits(config, gazetteer, title, f"{STORY[lang]}\n{STORY[lang]}\n{tail}", term)


def test_only_a_tail_of_headlines_goes_not_a_last_sentence_or_a_cut_paragraph():
    tail = ["More from Business", "How PayPal's new crypto rails work", "Nvidia's China chip sales: what we know"]
    assert drop_trailing_links([STORY["en"], *tail]) == [STORY["en"]]
    ends_with_a_sentence = [STORY["en"], "Apple declined to comment.", "Photo: Reuters"]
    assert drop_trailing_links(ends_with_a_sentence) == ends_with_a_sentence
    cut = ("Apple said the new payment terminals would reach shops in Seoul and Busan before the end of the year, "
           "and that banks in the region had")
    assert drop_trailing_links([STORY["en"], "Subheading", cut]) == [STORY["en"], "Subheading", cut]
    no_prose = ["Apple Pay launches in Korea", "Shinhan Card joins next month"]
    assert drop_trailing_links(no_prose) == no_prose


@pytest.mark.parametrize(("lang", "heading", "items"), [
    ("cs", "Mohlo by vás zajímat:", ["Xiaomi představilo vlastní čip", "Apple odkládá novou Siri"]),
    ("ro", "Recomandările redacției:", ["Xiaomi deschide un magazin în București", "Apple amână noul Siri"]),
    ("tr", "Bunları da okuyun:", ["Xiaomi İstanbul'da mağaza açtı", "Apple yeni Siri'yi erteledi"]),
])
def test_a_list_of_headlines_under_a_colon_heading_mid_body_is_dropped(lang, heading, items):
    lines = ["Prose of the story, long enough to be a paragraph of it, with a full stop at the end.", heading,
             *items, STORY["cs"]]
    assert drop_link_blocks(lines) == [lines[0], STORY["cs"]]
    # A list the story reads out (its items end in commas and semicolons) stays.
    listed = [lines[0], "Ingredients:", "300 g of apples,", "a spoon of sugar;", STORY["en"]]
    assert drop_link_blocks(listed) == listed


@pytest.mark.parametrize("line", ["▶ 샤오미, 국내 첫 오프라인 매장 연다", "» Huawei baut neues Forschungszentrum",
                                  "→ Xiaomi abre tienda en Madrid"])
def test_an_arrow_opens_a_link(line):
    assert is_arrow_link(line)
    assert drop_link_blocks(["Prose.", line, "More prose."]) == ["Prose.", "More prose."]


@pytest.mark.parametrize("line", ["Foto: Alibaba", "Photo: Xiaomi", "Фото: Apple", "Fotoğraf: Huawei",
                                  "写真：アップル", "Kuva: Huawei", "Témata: umělá inteligence, Čína, Alibaba",
                                  "Mehr aus Netzwelt", "More from Business"])
def test_credits_tags_and_section_headings_are_not_prose(line):
    assert drop_link_blocks(["Prose.", line, STORY["en"]]) == ["Prose.", STORY["en"]]


@pytest.mark.parametrize(("credit", "prose"), [
    ("Source: Xiaomi", "Source: the company's own filings show revenue rose by a fifth in the quarter, well ahead."),
    ("Foto: Alibaba", "Foto: the word opens this sentence of prose, which goes on well past any credit line here."),
])
def test_a_credit_line_goes_prose_opening_with_its_word_stays(credit, prose):
    assert is_inline_link(credit)
    assert not is_inline_link(prose)


@pytest.mark.parametrize(("lang", "heading", "links"), [
    ("nl", "Populair op de site", ["Huawei bouwt nieuw onderzoekscentrum in Delft", "Xiaomi opent winkel in Utrecht"]),
    ("ja", "この記事を読んだ人はこちらも", ["・シャオミ、日本で新型スマホ発表", "・アップル、新型iPhoneの価格据え置き"]),
    ("sv", "Andra läser just nu", ["Huawei öppnar ny butik i Göteborg", "Apple höjer priset på iPhone i Sverige"]),
])
def test_a_box_of_headlines_between_paragraphs_is_not_the_story(config, gazetteer, lang, heading, links):
    body = "\n".join([STORY["en"], heading, *links, STORY["en"]])
    text = clean_body(body, lang)
    assert all(link not in text for link in links) and text.count(STORY["en"]) == 2
    assert not hits(config, gazetteer, "Cloud revenue rises by a fifth", body, "huawei", "xiaomi", "apple")
    # Key points the story lists, each a sentence, stay.
    points = ["Huawei opens a research centre in Delft.", "Xiaomi opens a shop in Utrecht.", "Apple raises prices."]
    assert all(p in clean_body("\n".join([STORY["en"], "Key points", *points, STORY["en"]]), lang) for p in points)


@pytest.mark.parametrize("plug", [
    "Sign up for our Alibaba Insider newsletter",
    "📩 Iscriviti alla newsletter Tech di Xiaomi Today: ogni mattina le notizie più importanti.",
    "Ikuti berita terkini Huawei di Google News",
    "Подпишитесь на рассылку о Huawei",
    "Tilaa Apple-uutiskirje sähköpostiisi",
    "Seguici su Telegram: tutte le offerte Xiaomi del giorno",
])
def test_a_plug_for_the_sites_newsletter_or_accounts_is_not_the_story(config, gazetteer, plug):
    body = "\n".join([STORY["en"], plug, STORY["en"]])
    assert plug not in clean_body(body)
    assert not hits(config, gazetteer, "Cloud revenue rises by a fifth", body, "alibaba", "xiaomi", "huawei", "apple")
    # Prose about a newsletter, or about registered users, stays.
    prose = "Alibaba said its newsletter for merchants now reaches two million sellers, the company said on Monday."
    assert prose in clean_body("\n".join([STORY["en"], prose, STORY["en"]]))


def test_an_inline_link_may_end_with_a_full_stop_and_a_quoted_sentence_ends_the_story():
    assert is_inline_link("Czytaj też: Xiaomi wchodzi na polski rynek samochodów.")
    assert is_inline_link("Related: Huawei opens a store in Milan.")
    # A German story ends on a quoted sentence („…“): it is the story's last line, not its page's tail.
    quoted = ("„Wir sehen bei Apple Pay und bei den anderen Diensten ein starkes Wachstum in allen Altersgruppen“, "
              "sagte der Sprecher.")
    last = "„Das ist erst der Anfang, und Apple Pay wird in Deutschland noch viel weiter wachsen.“"
    lines = [STORY["en"], quoted, last, "Mehr aus Netzwelt", "Huawei stellt neues Handy vor"]
    assert drop_trailing_links(lines) == lines[:3]


@pytest.mark.parametrize("line", [
    "İlgili Haber: Huawei yeni katlanabilir telefonunu tanıttı", "Přečtěte si také: Xiaomi otevírá obchod v Brně",
    "Katso myös: Huawei avaa myymälän Helsinkiin", "Δείτε ακόμα: Η Xiaomi ανοίγει κατάστημα", "Olvassa el: Huawei üzletet nyit",
    "Прочитайте також: Xiaomi відкриває магазин", "Citiți și: Huawei deschide un magazin", "Lesen Sie hier: Huawei baut in Ungarn",
])
def test_an_inline_link_is_known_by_its_pointer_word_in_any_language(line):
    assert is_inline_link(line)
    assert not is_inline_link("Xiaomi Is Back: sales rise again in Europe")


@pytest.mark.parametrize(("line", "kept"), [
    ("Lei Jun stellt den neuen Wagen in Peking vor. (Foto: Apple)", "Lei Jun stellt den neuen Wagen in Peking vor."),
    ("Il nuovo SU7 Ultra esposto a Milano. © Huawei", "Il nuovo SU7 Ultra esposto a Milano."),
    ("小米SU7在北京亮相（图：苹果公司）", "小米SU7在北京亮相"),
    ("Новый автомобиль на выставке в Пекине [Фото: Apple]", "Новый автомобиль на выставке в Пекине"),
])
def test_a_credit_at_the_end_of_a_caption_is_not_the_story(config, gazetteer, line, kept):
    assert drop_link_blocks([STORY["en"], line, STORY["en"]]) == [STORY["en"], kept, STORY["en"]]
    assert "apple" not in hits(config, gazetteer, "Xiaomi shows its new car", "\n".join([STORY["en"], line]), "apple")
    # A parenthesis that is part of the sentence stays.
    assert drop_link_blocks(["He said (source: Apple) that sales rose."]) == ["He said (source: Apple) that sales rose."]


def test_a_ranking_the_story_gives_is_not_a_list_of_links():
    ranking = ["Smartphone shipments in Europe, third quarter:", "Samsung 34%", "Apple 23%", "Xiaomi 18%"]
    lines = [STORY["en"], *ranking, STORY["en"]]
    assert drop_link_blocks(lines) == lines
    assert drop_link_blocks([STORY["en"], *ranking]) == [STORY["en"], *ranking]
    # Headlines under the same heading are links.
    links = ["Smartphone shipments in Europe:", "Samsung ships a new foldable phone", "Xiaomi opens a shop in Milan"]
    assert drop_link_blocks([STORY["en"], *links, STORY["en"]]) == [STORY["en"], STORY["en"]]


@pytest.mark.parametrize("title, body, term", [
    ("Ónos eső és jegesedés várható",
     "A meteorológiai szolgálat figyelmeztetést adott ki az ország északi részére, ahol ónos eső várható.\n"
     "A közlekedési társaság szerint a villamosok felsővezetékeire rakódó jég miatt fennakadások lehetnek, "
     "ezért több járaton pótlóbuszokat állít forgalomba.\nOlvasd el ezt is:\nÚj Huawei okostelefon érkezik "
     "Magyarországra\nA szolgálat szerint a hideg idő a hét végéig marad, és vasárnap újabb havazás "
     "várható a hegyekben.", "huawei"),
    ("Yo-Yo Ma brings the Silk Road Ensemble back to London",
     "The cellist Yo-Yo Ma returned to the Barbican on Sunday with a programme that nobody had asked for and "
     "everybody needed.\nCaption: Yo-Yo Ma with members of the Silk Road Ensemble at the Barbican. Photograph: "
     "VCG/Getty Images for Huawei\nThe Silk Road Ensemble tours Europe until April, including dates in Paris and "
     "Berlin.", "huawei"),
    ("Alibaba to list its logistics arm",
     "Alibaba said on Monday it would list its logistics arm Cainiao in Hong Kong, reversing plans it made in "
     "2023, when the group said it would split into six units.\nAlibaba's Hong Kong-listed shares rose 3% in "
     "early trade.\nWATCH NOW\nVIDEO 04:12\nWhy Tencent's gaming business is still growing\nSubscribe to the "
     "newsletter for more.", "tencent"),
])
def test_read_this_too_caption_credits_and_video_promos_match_no_follow(config, gazetteer, title, body, term):
    from tests.test_match import hits

    assert hits(config, gazetteer, title, body, term) == set()


@pytest.mark.parametrize("title, body, term, expected", [
    # The story goes on after a mid-body block: its later paragraphs still count.
    ("Satispay supera i cinque milioni di utenti",
     "Satispay ha superato i cinque milioni di utenti registrati, ha annunciato la società milanese.\n"
     "Leggi anche\nXiaomi, la nuova auto elettrica arriva in Europa nel 2027\nBancomat Pay, accordo con le Poste\n"
     "La società ha raccolto 320 milioni di euro nel 2022 in un round guidato da Addition, con la partecipazione "
     "di Greyhound Capital, Coatue e Tencent. Ora punta sulla crescita all'estero.", "tencent", {"tencent"}),
    ("Wero startet im Laden",
     "Die European Payments Initiative macht ernst: Ab Herbst zahlen Kunden von Sparkassen mit Wero.\n"
     "Lesen Sie auch:\nBargeld: Die Bundesbank warnt vor dem Verschwinden der Geldautomaten\n"
     "Ein Problem bleibt das iPhone: Zum Bezahlen im Laden braucht Wero den NFC-Chip. Den hat Apple nach einer "
     "Einigung mit der EU-Kommission geöffnet.", "apple", {"apple"}),
    # A headline in the block may be a full sentence; it does not end the block.
    ("Paylib disparaît au profit de Wero",
     "Adieu Paylib, bonjour Wero. Les clients des banques françaises basculent vers la solution européenne.\n"
     "À lire aussi :\nHuawei ouvre une usine en Alsace : où en est le projet ?", "huawei", set()),
])
def test_a_mid_body_link_block_ends_where_the_story_resumes(config, gazetteer, title, body, term, expected):
    from tests.test_match import hits

    assert hits(config, gazetteer, title, body, term) == expected


@pytest.mark.parametrize("title, body, term", [
    ("Zbiory jabłek pod Grójcem", "Sadownicy spod Grójca zebrali w tym roku więcej jabłek niż przed rokiem, a ceny "
     "w skupach spadły o jedną piątą.\nAutorka: Anna Nowak – dziennikarka ekonomiczna, wcześniej przez pięć lat "
     "pracowała w dziale komunikacji firmy Xiaomi w Warszawie.\nSadownicy liczą, że eksport do Indii poprawi ceny "
     "w przyszłym roku, bo rynek krajowy jest nasycony.", "xiaomi"),
    ("Inflace v listopadu zpomalila", "Meziroční inflace v listopadu zpomalila na 2,4 procenta, oznámil Český "
     "statistický úřad. Zlevnily hlavně potraviny.\nO autorovi: Jan Novák je ekonomický redaktor. Dříve pracoval "
     "jako analytik v pražské pobočce společnosti Huawei a v Komerční bance.\nAnalytici čekají, že ČNB na "
     "prosincovém zasedání sazby nezmění, protože inflace zůstává blízko cíle.", "huawei"),
    ("Allerta arancione a Genova", "L'allerta arancione resta in vigore sul centro della regione. Il Comune ha "
     "aperto il Coc e ha messo a disposizione sacchi di sabbia nei municipi.\nVIDEO | La prova dello Huawei Pura "
     "80 Ultra: le foto notturne sotto la pioggia\nGuarda anche: Apple, tutte le novità di iOS 26\nIn via Pinetti "
     "l'acqua ha raggiunto i trenta centimetri e i vigili del fuoco sono intervenuti più volte.", "huawei"),
])
def test_writers_bios_and_media_promos_match_no_follow(config, gazetteer, title, body, term):
    from tests.test_match import hits

    assert hits(config, gazetteer, title, body, term, "apple") == set()
