"""Followed names in Arabic, Persian, Hindi, Bengali and Thai letters, as the press of those languages
writes them; Arabic glues "and"/"with"/"for" onto the next word, Thai puts no spaces between words.
Texts written for these tests."""

from __future__ import annotations

import pytest

from tests.test_match import hits

STORIES = [
    ("ar", "هواوي تطلق هاتفا جديدا",
     "أعلنت شركة هواوي الصينية اليوم عن هاتف جديد، وقالت إن المبيعات ستبدأ الشهر المقبل في الصين وأوروبا.", "huawei"),
    ("ar", "ارتفاع مبيعات الهواتف الذكية",
     "ارتفعت مبيعات سامسونج وآبل في المنطقة خلال الربع الثالث، حسب تقرير جديد لشركة أبحاث.", "apple"),
    ("fa", "شیائومی گوشی تازه‌ای معرفی کرد",
     "شرکت چینی شیائومی روز دوشنبه گوشی تازه‌ای را معرفی کرد که از ماه آینده در بازار عرضه می‌شود.", "xiaomi"),
    ("hi", "शाओमी ने भारत में नया फोन लॉन्च किया",
     "चीनी कंपनी शाओमी ने आज भारत में नया स्मार्टफोन लॉन्च किया। कंपनी ने कहा कि बिक्री अगले महीने शुरू होगी।", "xiaomi"),
    ("bn", "টেনসেন্টের মুনাফা বেড়েছে",
     "চীনা প্রযুক্তি প্রতিষ্ঠান টেনসেন্ট জানিয়েছে, তৃতীয় প্রান্তিকে তাদের মুনাফা বেড়েছে।", "tencent"),
    ("th", "หัวเว่ยเปิดตัวโทรศัพท์ใหม่",
     "บริษัทหัวเว่ยเปิดตัวโทรศัพท์รุ่นใหม่ในประเทศไทยวันนี้ โดยจะเริ่มวางจำหน่ายเดือนหน้า", "huawei"),
    ("hi", "भारत में पेपाल की नई सेवा",
     "पेपाल ने भारत में छोटे व्यापारियों के लिए नई भुगतान सेवा शुरू की है। कंपनी ने कहा कि शुल्क कम रहेगा।", "paypal"),
]


@pytest.mark.parametrize(("lang", "title", "body", "term"), STORIES, ids=[f"{s[0]}-{s[3]}" for s in STORIES])
def test_followed_names_in_other_scripts(config, gazetteer, lang, title, body, term):
    assert term in hits(config, gazetteer, title, body, term)


def test_ali_baba_the_tale_in_arabic_is_not_the_company(config, gazetteer):
    title = "علي بابا والأربعين حرامي على المسرح"
    body = "تعرض فرقة المسرح الوطني مسرحية علي بابا والأربعين حرامي هذا الأسبوع، وهي من أشهر حكايات ألف ليلة وليلة."
    assert "alibaba" not in hits(config, gazetteer, title, body, "alibaba")
