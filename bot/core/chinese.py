"""People a Chinese text names by title, romanised in pinyin: 副总裁汤道生表示 -> Tang Daosheng.

Chinese has no capitals and no spaces, so the capitalised-span rules that find unknown names in
Latin-script text find nothing here. What Chinese news does have is a fixed pattern for quoting a
person: a title, then a two- or three-character name opening with a family name, then a verb of
saying or a break ("董事长王传福表示", "雷军称", "副总裁张颖,"). Requiring all three keeps the rule
precise; it misses people named without a title, which is the price.

The romanisation reads pypinyin's table of characters (its data ships inside its wheel; nothing is
downloaded), each character's first reading, with the family names that read differently as surnames (单 Shan, 曾 Zeng) corrected. Mainland names come out
as the press writes them (Wang Chuanfu); Hong Kong and Taiwan names, romanised otherwise by their
owners, do not, unless the gazetteer lists them.
"""

from __future__ import annotations

import importlib.util
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

# The most frequent family names, simplified and traditional.
_SURNAMES = (
    "王李张張刘劉陈陳杨楊黄黃赵趙吴吳周徐孙孫马馬朱胡郭何高林罗羅郑鄭梁谢謝宋唐许許韩韓冯馮邓鄧曹彭曾肖蕭田董"
    "袁潘于蒋蔣蔡余杜叶葉程苏蘇魏吕呂丁任沈姚卢盧姜崔钟鍾谭譚陆陸汪范金石廖贾賈夏韦韋付傅方白邹鄒孟熊秦邱江尹薛"
    "闫閻段雷侯龙龍史陶黎贺賀顾顧毛郝龚龔邵万萬钱錢严嚴覃武戴莫孔向汤湯常温溫康施文牛樊葛邢安齐齊易乔喬伍庞龐颜顏"
    "倪庄莊聂聶章鲁魯岳翟殷詹申欧歐耿关關兰蘭焦俞左柳甘祝包宁寧尚符舒阮柯纪紀梅童凌毕畢单單季裴霍涂成苗谷盛曲"
    "翁冉骆駱蓝藍路游辛靳管柴蒙鲍鮑华華喻祁蒲房滕屈饶饒解牟艾尤阳陽时時穆农農司卓古吉缪繆简簡车車项項连連芦蘆"
    "麦麥褚娄婁窦竇戚岑景党宫宮费費卜冷晏席卫衛米柏宗瞿桂全佟应應臧闵閔苟邬鄔边邊卞姬师師和仇栾欒隋商刁沙荣榮"
    "巫寇桑郎甄丛叢仲虞敖巩鞏明佘池查麻苑迟遲邝鄺"
)
# Family names pypinyin reads as the common word: 单 dan (single) is Shan as a surname.
_SURNAME_READINGS = {
    "单": "shan", "單": "shan", "曾": "zeng", "解": "xie", "仇": "qiu", "查": "zha", "缪": "miao", "繆": "miao",
    "翟": "zhai", "覃": "qin", "柏": "bai",
}
# Characters of grammar and of reporting that no given name uses: after 发言人向, 董事长曾, 教授常 the
# "name" is 向记者 (to the reporters), 曾表示 (once said), 常说 (often says).
_NOT_IN_NAMES = set(
    "表示记記者周週说說称稱在的了是将將已也都对對向于於和与與及等日月年后後前上下不会會能要为為被把从從到这這那其此"
    "该該各每并並还還又再就才所之以而或但则則却卻因由同时時今昨曾常应應均"
)
_TITLES = (
    "董事长 董事長 副董事长 副董事長 总裁 總裁 副总裁 副總裁 首席执行官 首席執行官 执行官 執行官 CEO 总经理 總經理 "
    "副总经理 副總經理 经理 經理 创始人 創始人 联合创始人 聯合創始人 创办人 創辦人 主席 副主席 部长 部長 副部长 副部長 "
    "局长 局長 发言人 發言人 院长 院長 教授 行长 行長 省长 省長 市长 市長 总理 總理 主任 负责人 負責人 分析师 分析師 "
    "研究员 研究員 董事 合伙人 合夥人 总监 總監 秘书长 秘書長 大使 书记 書記 委员 委員 经济学家 經濟學家 总编辑 總編輯 "
    "总统 總統 主管 议员 議員 首席经济学家 首席經濟學家 CFO CTO COO 掌门人 掌門人 负责人 總監 厂长 廠長 队长 隊長 "
    "主教练 主教練 教练 教練 记者 記者"
).split()
# What follows a quoted person's name: a verb of saying, or a break.
_AFTER = (
    "表示 称 稱 说 說 指出 透露 介绍 介紹 认为 認為 强调 強調 坦言 回应 回應 宣布 提到 提出 坦承 直言 预计 預計 "
    "预测 預測 告诉 告訴 对 對 在 曾 也 还 還 则 則 日前 近日 此前 今天 昨天 先生 女士 , ， 。 、 : ： ( （ ) ） “ ” 》 ; ；"
).split()
_HAN = "\u4e00-\u9fff"
_PERSON = re.compile(
    "(?:" + "|".join(sorted(map(re.escape, set(_TITLES)), key=len, reverse=True)) + ")"
    + f"([{_SURNAMES}][{_HAN}]{{1,2}}?)"
    + "(?=" + "|".join(sorted(map(re.escape, set(_AFTER)), key=len, reverse=True)) + "|$)"
)


@dataclass
class ChineseName:
    """A person named in Chinese: the characters, their pinyin, and where and how often they appear."""

    written: str
    name: str
    count: int
    first: int


def titled_people(text: str) -> dict[str, ChineseName]:
    """People the text quotes with a title, keyed by the name as written."""
    out: dict[str, ChineseName] = {}
    for match in _PERSON.finditer(text):
        written = match.group(1)
        if written in out or any(c in _NOT_IN_NAMES for c in written[1:]):
            continue
        name = romanise(written)
        if name:
            out[written] = ChineseName(written, name, text.count(written), match.start(1))
    return out


def romanise(written: str) -> str:
    """汤道生 -> Tang Daosheng: the family name, then the given name as one word."""
    syllables = _pinyin(written)
    if len(syllables) != len(written) or not all(s.isalpha() for s in syllables):
        return ""
    family = _SURNAME_READINGS.get(written[0], syllables[0])
    return f"{family.capitalize()} {''.join(syllables[1:]).capitalize()}"


def _pinyin(written: str) -> list[str]:
    """Each character's first reading, tones dropped (ü kept): a name is read character by character."""
    readings = _readings()
    return [readings.get(ch, ch) for ch in written]


# Tone marks off, ü kept: "lǜ" -> "lü", "zhōng" -> "zhong".
_TONELESS = str.maketrans({**dict.fromkeys("āáǎà", "a"), **dict.fromkeys("ēéěè", "e"),
                           **dict.fromkeys("īíǐì", "i"), **dict.fromkeys("ōóǒò", "o"),
                           **dict.fromkeys("ūúǔù", "u"), **dict.fromkeys("ǖǘǚǜ", "ü"),
                           **dict.fromkeys("ńňǹ", "n"), "ḿ": "m"})


@lru_cache(maxsize=1)
def _readings() -> dict[str, str]:
    """{character: its first reading, toneless} from pypinyin's table of characters (inside its wheel).

    The table is read as data, not through pypinyin's converter: importing pypinyin loads a phrase
    dictionary and a segmenter's prefix set (about 45 MB) for readings that depend on the word around a
    character, and a name is no word of the dictionary."""
    spec = importlib.util.find_spec("pypinyin")  # finds the package without running it
    if spec is None or not spec.submodule_search_locations:
        return {}
    path = Path(next(iter(spec.submodule_search_locations))) / "pinyin_dict.json"
    table = json.loads(path.read_text(encoding="utf-8"))
    return {chr(int(code)): reading.split(",", 1)[0].translate(_TONELESS) for code, reading in table.items()}
