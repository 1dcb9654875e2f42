"""The gazetteer names China's AI models, chip makers and carmakers, Taiwan's and Hong Kong's politicians
under their own romanisation, China's state bodies, the world's payment schemes, courts and
international organisations, launchers, festivals and competitions, in the scripts the press writes
them in; and the ordinary words, given names and Chinese words that share a form with them name nobody."""

from __future__ import annotations

import pytest

from bot.core.summarise import summarise


@pytest.mark.parametrize(
    "form, canonical",
    [
        ("腾讯混元", "Hunyuan"),
        ("DeepSeek-R1", "DeepSeek R1"),
        ("智譜", "Zhipu AI"),
        ("寒武纪", "Cambricon"),
        ("长江存储", "YMTC"),
        ("長鑫存儲", "CXMT"),
        ("新凯来", "SiCarrier"),
        ("昇騰", "Huawei Ascend"),
        ("ネクスペリア", "Nexperia"),
        ("聞泰科技", "Wingtech"),
        ("鸿蒙智行", "Harmony Intelligent Mobility Alliance"),
        ("零跑汽車", "Leapmotor"),
        ("립모터", "Leapmotor"),
        ("泡泡瑪特", "Pop Mart"),
        ("라부부", "Labubu"),
        ("William Lai", "Lai Ching-te"),
        ("頼清徳", "Lai Ching-te"),
        ("賴清德", "Lai Ching-te"),
        ("马英九", "Ma Ying-jeou"),
        ("Лай Циндэ", "Lai Ching-te"),
        ("차이잉원", "Tsai Ing-wen"),
        ("蕭美琴", "Hsiao Bi-khim"),
        ("郑丽文", "Cheng Li-wun"),
        ("李家超", "John Lee Ka-chiu"),
        ("陳茂波", "Paul Chan"),
        ("陆委会", "Mainland Affairs Council"),
        ("國台辦", "Taiwan Affairs Office"),
        ("轉數快", "Faster Payment System (Hong Kong)"),
        ("八達通", "Octopus card"),
        ("國泰航空", "Cathay Pacific"),
        ("中央军委", "Central Military Commission"),
        ("国资委", "State-owned Assets Supervision and Administration Commission"),
        ("王沪宁", "Wang Huning"),
        ("PYUSD", "PayPal USD"),
        ("沃爾瑪", "Walmart"),
        ("월마트", "Walmart"),
        ("悠遊卡", "EasyCard"),
        ("ЮMoney", "YooMoney"),
        ("Bundesverfassungsgericht", "Federal Constitutional Court"),
        ("EuGH", "Court of Justice of the European Union"),
        ("ЕСПЧ", "European Court of Human Rights"),
        ("Кремль", "Kremlin"),
        ("経済協力開発機構", "OECD"),
        ("Welthandelsorganisation", "World Trade Organization"),
        ("МАГАТЭ", "International Atomic Energy Agency"),
        ("アリアン6", "Ariane 6"),
        ("Project Kuiper", "Amazon Leo"),
        ("Premios Goya", "Goya Awards"),
        ("Mostra del cinema di Venezia", "Venice Film Festival"),
        ("칸 영화제", "Cannes Film Festival"),
        ("Bodø/Glimt", "FK Bodø/Glimt"),
        ("世俱杯", "FIFA Club World Cup"),
    ],
)
def test_forms_in_other_languages_and_scripts_resolve(gazetteer, form, canonical):
    entity = gazetteer.lookup(form)
    assert entity is not None and entity.name == canonical


@pytest.mark.parametrize(
    "language, title, body, expected",
    [
        ("zh", "寒武纪与海光信息股价大涨",
         "长鑫存储和长江存储扩产，昇腾910C出货。",
         {"Cambricon", "Hygon", "CXMT", "YMTC", "Huawei Ascend"}),
        ("zh", "零跑汽车与鸿蒙智行发布新车", "问界与小米YU7竞争，赛力斯股价上涨。",
         {"Leapmotor", "Harmony Intelligent Mobility Alliance", "Aito", "Xiaomi YU7", "Seres Group"}),
        ("zh", "賴清德與蕭美琴出席活動",
         "國民黨主席鄭麗文和前總統馬英九批評陸委會。",
         {"Lai Ching-te", "Hsiao Bi-khim", "Cheng Li-wun", "Ma Ying-jeou", "Mainland Affairs Council"}),
        ("zh", "李家超會見陳茂波", "香港特首李家超和財政司司長陳茂波討論八達通和轉數快。",
         {"John Lee Ka-chiu", "Paul Chan", "Octopus card", "Faster Payment System (Hong Kong)"}),
        ("en", "Nexperia row: Wingtech appeals",
         "The Dutch unit of Wingtech, Nexperia, said SMIC and CXMT were not involved. Moonshot AI released Kimi K2.",
         {"Nexperia", "Wingtech", "SMIC", "CXMT", "Kimi K2"}),
        ("de", "EuGH kippt Urteil",
         "Der Europäische Gerichtshof und das Bundesverfassungsgericht widersprechen sich; die OECD und die "
         "Welthandelsorganisation mahnen.",
         {"Court of Justice of the European Union", "Federal Constitutional Court", "OECD", "World Trade Organization"}),
        ("ko", "월마트, 라부부 판매 확대",
         "팝마트의 라부부 인형이 월마트에서 팔린다.",
         {"Walmart", "Labubu", "Pop Mart"}),
    ],
)
def test_articles_name_their_companies_officials_and_institutions(gazetteer, language, title, body, expected):
    found = set(summarise(title, body, gazetteer, language=language).entities)
    assert expected <= found


@pytest.mark.parametrize(
    "language, text, absent",
    [
        # Given names and ordinary words that a brand shares: Kimi Antonelli is no chatbot, an anchor no
        # charger maker, an octopus no Hong Kong card, Galileo Galilei no satellite system.
        ("en", "Kimi Antonelli was fastest in Monza; Galileo Galilei looked at the sky.",
         {"Kimi K2", "Galileo (satellite navigation)"}),
        ("de", "Das Schiff warf den Anker vor der Küste.", {"Anker"}),
        ("en", "An octopus escaped; the kraken of legend and a tabby cat in a plaid blanket.",
         {"Octopus card", "Kraken", "Tabby", "Plaid"}),
        ("es", "Los seres humanos y la quanta de energía.", {"Seres Group", "Quanta Computer"}),
        ("en", "He wore the number 10 shirt at the Olympiad.", {"Downing Street"}),
        ("ru", "Олимпиада по математике прошла в школе.", {"Olympic Games"}),
        ("es", "Los libertadores de América largan sus memorias; vimos un anta en el bosque.",
         {"Copa Libertadores", "Largan Precision", "Anta Sports"}),
        ("en", "Interns who get zero pay.", {"Zero Pay"}),
        ("pt", "Fui levantar dinheiro ao multibanco.", {"Multibanco"}),
        # Chinese words that hold a short form: 美的 (beautiful, Midea), 海信 inside 上海信托, 菜鸟 (a
        # newbie, Cainiao), 北大 inside 北大西洋, 上汽 inside 坐上汽车, 国网 inside 全国网民, 法网 (the net of law).
        ("zh", "这是美的风景。上海信托发布公告。菜鸟玩家在北大西洋航行。", {"Midea", "Hisense", "Cainiao", "Peking University"}),
        ("zh", "他坐上汽车去推广汽车文化，全国网民都说法网恢恢。",
         {"SAIC Motor", "GAC Group", "State Grid Corporation of China", "French Open"}),
    ],
)
def test_everyday_words_and_given_names_name_no_brand(gazetteer, language, text, absent):
    found = {gazetteer.entities[h.entity].name for h in gazetteer.find(text, language=language)}
    assert not found & absent
