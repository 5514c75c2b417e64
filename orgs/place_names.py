"""English names for Chinese administrative divisions: pinyin with the readings places use.

Machine pinyin reads a character the common way; place names often keep an old or local reading
(六安 Lù'ān, 蚌埠 Bèngbù, 洪洞 Hóngtóng). Whole-name forms that pinyin cannot give (hand-checked
readings, and the well-known forms of non-Han names such as Hohhot or Ürümqi) are listed in
NAME_OVERRIDES; characters that places read one way almost everywhere in CHARACTER_READINGS.
The suffix (市, 区, 县, 自治州 …) becomes an English word; a prefecture-level city drops it
("Chengdu"), as it is usually written.
"""

import re

from pypinyin import Style, lazy_pinyin

# Stems (the name without its suffix) or whole names, romanized by hand.
NAME_OVERRIDES = {
    # Polyphonic characters read the local way.
    "六安": "Lu'an", "六合": "Luhe", "蚌埠": "Bengbu", "蚌山": "Bengshan", "长沙": "Changsha", "重庆": "Chongqing",
    "厦门": "Xiamen", "乐山": "Leshan", "番禺": "Panyu", "蔚县": "Yuxian", "亳州": "Bozhou", "丽水": "Lishui",
    "莘县": "Shenxian", "东阿": "Dong'e", "单县": "Shanxian", "大洼": "Dawa", "洪洞": "Hongtong", "铅山": "Yanshan",
    "曲阜": "Qufu", "台州": "Taizhou", "天台": "Tiantai", "涡阳": "Guoyang", "长治": "Changzhi", "朝阳": "Chaoyang",
    "茌平": "Chiping", "郫都": "Pidu", "犍为": "Qianwei", "筠连": "Junlian", "荥阳": "Xingyang", "荥经": "Yingjing",
    "枞阳": "Zongyang", "黟县": "Yixian", "歙县": "Shexian", "济南": "Jinan", "济源": "Jiyuan", "济宁": "Jining",
    "井陉": "Jingxing", "蠡县": "Lixian", "乐亭": "Laoting", "乐陵": "Laoling", "乐清": "Yueqing", "南乐": "Nanle",
    "牟平": "Muping", "中牟": "Zhongmou", "兖州": "Yanzhou", "长子": "Zhangzi", "浚县": "Xunxian", "什邡": "Shifang",
    "句容": "Jurong", "泌阳": "Biyang", "莒县": "Juxian", "冠县": "Guanxian", "尉犁": "Yuli", "尉氏": "Weishi",
    "盱眙": "Xuyi", "阆中": "Langzhong", "繁峙": "Fanshi", "柏乡": "Baixiang", "藁城": "Gaocheng", "临朐": "Linqu",
    "秭归": "Zigui", "婺源": "Wuyuan", "鄱阳": "Poyang", "黄陂": "Huangpi", "汨罗": "Miluo", "耒阳": "Leiyang",
    "郴州": "Chenzhou", "邛崃": "Qionglai", "珙县": "Gongxian", "綦江": "Qijiang", "涪陵": "Fuling", "勐海": "Menghai",
    "勐腊": "Mengla", "大埔": "Dabu", "东莞": "Dongguan",
    # Well-known forms of names that are not Chinese in origin.
    "呼和浩特": "Hohhot", "乌鲁木齐": "Urumqi", "拉萨": "Lhasa", "日喀则": "Shigatse", "喀什": "Kashgar",
    "鄂尔多斯": "Ordos", "哈尔滨": "Harbin", "齐齐哈尔": "Qiqihar", "海拉尔": "Hailar", "锡林郭勒": "Xilingol",
    "阿拉善": "Alxa", "吐鲁番": "Turpan", "伊犁": "Ili", "阿克苏": "Aksu", "和田": "Hotan", "克拉玛依": "Karamay",
    "阿勒泰": "Altay", "博尔塔拉": "Bortala", "巴音郭楞": "Bayingolin", "克孜勒苏": "Kizilsu", "林芝": "Nyingchi",
    "昌都": "Qamdo", "那曲": "Nagqu", "阿里": "Ngari", "呼伦贝尔": "Hulunbuir", "兴安": "Hinggan",
    "乌兰察布": "Ulanqab", "巴彦淖尔": "Bayannur", "果洛": "Golog", "塔什库尔干": "Taxkorgan", "察布查尔": "Qapqal",
    "香港": "Hong Kong", "澳门": "Macao",
}

# Characters that place names read one way (都 dū, not dōu; 长 cháng …), whatever pinyin guesses.
CHARACTER_READINGS = {"都": "du", "长": "chang", "朝": "chao", "乐": "le", "会": "hui", "什": "shi", "单": "shan",
                      "宿": "su", "和": "he", "蚌": "beng", "曲": "qu", "阿": "a", "台": "tai"}

# Peoples named in autonomous areas, longest first when matched.
PEOPLES = {
    "蒙古": "Mongol", "回": "Hui", "藏": "Tibetan", "维吾尔": "Uyghur", "苗": "Miao", "彝": "Yi", "壮": "Zhuang",
    "布依": "Bouyei", "朝鲜": "Korean", "满": "Manchu", "侗": "Dong", "瑶": "Yao", "白": "Bai", "土家": "Tujia",
    "哈尼": "Hani", "哈萨克": "Kazakh", "傣": "Dai", "黎": "Li", "傈僳": "Lisu", "佤": "Va", "畲": "She",
    "拉祜": "Lahu", "水": "Shui", "东乡": "Dongxiang", "纳西": "Naxi", "景颇": "Jingpo", "柯尔克孜": "Kirgiz",
    "土": "Tu", "达斡尔": "Daur", "仫佬": "Mulao", "羌": "Qiang", "布朗": "Blang", "撒拉": "Salar",
    "毛南": "Maonan", "仡佬": "Gelao", "锡伯": "Xibe", "阿昌": "Achang", "普米": "Pumi", "塔吉克": "Tajik",
    "怒": "Nu", "鄂温克": "Ewenki", "保安": "Bonan", "裕固": "Yugur", "独龙": "Derung", "鄂伦春": "Oroqen",
    "各": "",  # 各族: "of several peoples", said by the word Autonomous alone
}

# Suffixes, longest first, with their English words. None: the word is dropped.
SUFFIXES = [
    ("特别行政区", "Special Administrative Region"), ("自治区", "Autonomous Region"),
    ("自治州", "Autonomous Prefecture"), ("自治县", "Autonomous County"), ("自治旗", "Autonomous Banner"),
    ("地区", "Prefecture"), ("新区", "New Area"), ("矿区", "Mining District"), ("林区", "Forestry District"),
    ("特区", "Special District"), ("省", "Province"), ("盟", "League"), ("旗", "Banner"), ("区", "District"),
    ("县", "County"), ("市", "City"),
]
_PEOPLE_AT_END = re.compile(
    "(" + "|".join(sorted(map(re.escape, PEOPLES), key=len, reverse=True)) + ")(族)?$"
)
_VOWEL_START = re.compile("^[aoeāáǎàōóǒòēéěè]")


def pinyin_word(chinese):
    """One place word in pinyin, capitalised, syllables joined (an apostrophe before a, o, e)."""
    if chinese in NAME_OVERRIDES:
        return NAME_OVERRIDES[chinese]
    syllables = lazy_pinyin(chinese, style=Style.NORMAL, v_to_u=True)
    if len(syllables) == len(chinese):
        syllables = [CHARACTER_READINGS.get(char, syllable) for char, syllable in zip(chinese, syllables)]
    word = ""
    for syllable in syllables:
        if word and _VOWEL_START.match(syllable):
            word += "'"
        word += syllable
    return word[:1].upper() + word[1:]


def _split_peoples(stem):
    """'恩施土家族苗族' → ('恩施', ['Tujia', 'Miao']); peoples need 族 unless their name is long."""
    peoples = []
    while True:
        match = _PEOPLE_AT_END.search(stem)
        if not match or match.start() == 0:
            break
        name, has_zu = match.group(1), bool(match.group(2))
        if not has_zu and len(name) < 2:
            break
        if PEOPLES[name]:
            peoples.insert(0, PEOPLES[name])
        stem = stem[: match.start()]
    return stem, peoples


def _english_list(words):
    if len(words) <= 2:
        return " and ".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def english_name(name, level):
    """The English name of a division from its Chinese name and level (province, city, county)."""
    for suffix, word in SUFFIXES:  # noqa: B007 (word is read after the loop, with the suffix found)
        if name.endswith(suffix) and len(name) > len(suffix):
            stem = name[: -len(suffix)]
            break
    else:
        return pinyin_word(name)
    peoples = []
    if suffix.startswith("自治"):
        stem, peoples = _split_peoples(stem)
    if len(stem) == 1:
        # 和县, 城区: one character alone is no name; the suffix's syllable stays with it.
        stem = stem + suffix[0]
    place = pinyin_word(stem)
    if level == "city" and suffix == "市":
        return place
    parts = [place]
    if peoples:
        parts.append(_english_list(peoples))
    parts.append(word)
    return " ".join(parts)
