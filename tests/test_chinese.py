"""Chinese people named by title, romanised."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.core.chinese import romanise, titled_people
from bot.core.summarise import summarise


@pytest.mark.parametrize(
    ("text", "people"),
    [
        ("腾讯集团高级执行副总裁汤道生表示,新版本在推理能力上提升超过30%。", {"汤道生": "Tang Daosheng"}),
        ("比亚迪董事长王传福表示,公司将继续加大海外市场投入。", {"王传福": "Wang Chuanfu"}),
        ("小米创始人雷军称,交付目标将提前完成。", {"雷军": "Lei Jun"}),
        ("騰訊副總裁張穎說,用戶已超過8億。", {"張穎": "Zhang Ying"}),
        ("分析人士认为,竞争正在加剧。王先生没有回应。", {}),  # no title before the name
        ("公司董事长表示,业绩符合预期。", {}),  # a title, then no name
    ],
)
def test_a_title_and_a_verb_of_saying_name_a_person(text, people):
    assert {w: p.name for w, p in titled_people(text).items()} == people


@pytest.mark.parametrize(("written", "name"), [("单雄信", "Shan Xiongxin"), ("曾毓群", "Zeng Yuqun"),
                                               ("吕布", "Lü Bu")])
def test_family_names_read_as_surnames(written, name):
    assert romanise(written) == name


def test_a_titled_person_is_a_key_entity_and_a_known_one_stays_known(gazetteer):
    body = ("腾讯公司周二在深圳举行大会,发布了混元大模型的最新版本。腾讯集团高级执行副总裁汤道生表示,新版本在推理能力上"
            "提升超过30%。汤道生还介绍了微信支付的新功能。")
    s = summarise("腾讯发布混元大模型新版本", body, gazetteer, language="zh")
    assert "Tang Daosheng" in s.entities and s.entity_types["Tang Daosheng"] == "person"
    s = summarise("微信支付用户超过8亿", "腾讯副总裁张颖表示,中国已有超过8亿用户使用微信支付。", gazetteer, language="zh")
    assert "Zhang Ying" in s.entities and s.entities.count("Zhang Ying") == 1


@pytest.mark.parametrize("text", ["该公司发言人向记者表示,产品将于下月上市。", "董事长曾表示,公司不会裁员。",
                                  "发言人于周一表示,", "教授常说,"])
def test_words_after_a_title_are_not_a_name(text):
    assert titled_people(text) == {}


def test_romanising_reads_the_character_table_without_pypinyins_phrase_dictionary():
    # pypinyin's converter loads a phrase dictionary and a segmenter (about 45 MB) for word-dependent
    # readings; a name is read character by character from the table alone, in a clean interpreter.
    code = ("import sys; from bot.core.chinese import romanise; print(romanise('汤道生'), romanise('吕军'), "
            "sorted(m for m in sys.modules if m.startswith('pypinyin')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parent.parent)
    assert out.stdout.split("[")[0].split() == ["Tang", "Daosheng", "Lü", "Jun"]
    assert out.stdout.strip().endswith("[]")  # pypinyin itself is never imported
