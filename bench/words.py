"""The vocabulary of synthetic organization names, shipped with the code (no downloads).

Real Chinese NGO names follow one pattern: place + one or two words + the kind of organization,
e.g. 成都市武侯区阳光社会工作服务中心, 深圳市龙岗区助残志愿者协会. The places come from the
divisions table; the words below are drawn with a Zipf-like frequency (the r-th most common word
is about 1/r as frequent as the first), so a few words are in many names and most in few, as in
the real registers. Besides the hand-written words, a few thousand two-character names are made
deterministically from name characters, so the gram index sees a realistic spread of rare grams.
"""

import bisect
import itertools
import random

# The kind of organization: the suffix nearly every registered name ends with, by frequency.
SUFFIXES = [
    ("协会", 30), ("服务中心", 22), ("社会工作服务中心", 12), ("志愿者协会", 10), ("社会工作服务社", 8),
    ("发展中心", 6), ("促进会", 5), ("基金会", 5), ("公益服务中心", 5), ("研究会", 4), ("联合会", 3),
    ("志愿服务队", 3), ("互助会", 2), ("服务站", 2), ("爱心协会", 2), ("公益发展中心", 2), ("慈善会", 2),
    ("社会组织服务中心", 1), ("公益基金会", 1), ("文化发展中心", 1), ("研究院", 1), ("商会", 1),
    ("家庭服务中心", 1), ("社区服务中心", 1), ("青年志愿者协会", 1), ("养老服务中心", 1), ("康复中心", 1),
]

# Short words for each issue field, as they appear in names (助老, 环保, 助学 ...).
FIELD_WORDS = {
    "health_medical": ["健康", "医疗", "卫生", "康复", "关爱健康"],
    "women_rights": ["妇女", "女性", "巾帼", "姐妹"],
    "children_youth": ["儿童", "青少年", "青年", "童心", "少年", "未成年人保护"],
    "education": ["助学", "教育", "读书", "阅读", "支教", "乡村教育"],
    "hiv_aids": ["红丝带", "防艾", "艾滋病防治"],
    "disaster_management": ["救援", "应急", "减灾", "蓝天救援", "防灾"],
    "culture_arts": ["文化", "艺术", "非遗", "书画", "民俗"],
    "environment": ["环保", "绿色", "生态", "自然", "湿地保护", "垃圾分类"],
    "rural_development": ["乡村振兴", "农村", "三农", "农民", "合作社"],
    "urban_community": ["社区", "邻里", "街坊", "居民", "社区营造"],
    "labor_rights": ["劳工", "工友", "务工人员", "新市民"],
    "lgbt": ["多元", "彩虹"],
    "policy_advocacy": ["政策", "公共事务", "法律援助", "公民"],
    "information_network": ["信息", "网络", "数字", "互联网公益"],
    "sector_support": ["公益", "慈善", "社会组织", "公益孵化", "行业支持"],
    "social_enterprise": ["社会企业", "创业", "公益创投"],
    "animal_welfare": ["动物保护", "流浪动物", "爱宠", "护鸟"],
    "elderly": ["助老", "养老", "敬老", "老年", "夕阳红", "银龄"],
    "independent_research": ["研究", "发展研究", "社会研究"],
    "csr": ["企业社会责任", "企业公益"],
    "disability": ["助残", "残疾人", "自闭症", "康复", "听障", "视障", "心智障碍"],
    "volunteer_services": ["志愿", "义工", "志愿服务", "爱心", "红十字"],
    "other": ["综合", "公益"],
}

# Common words in names, most frequent first (the head of the Zipf curve).
COMMON_WORDS = ["阳光", "爱心", "公益", "志愿者", "社工", "关爱", "同心", "希望", "启明", "善行", "春晖", "微光", "光明", "温暖", "心语", "和谐", "晨曦", "彩虹", "蒲公英", "绿源", "春苗", "互助", "乡土", "益行", "山水", "同行", "友成", "恩派", "协作者", "心连心", "手拉手", "爱之家", "新希望", "明天", "未来", "梦想", "善缘", "仁爱", "博爱", "慈爱", "善德", "德馨", "心源", "馨缘", "晴天", "朝阳", "曙光", "星光", "萤火虫", "小草", "种子", "绿芽", "向日葵", "大地", "长江", "黄河", "青山", "绿水", "海燕", "雄鹰", "白鸽", "和平鸽", "金桥", "彩虹桥", "连心桥", "爱心桥", "绿洲", "家园", "共享", "共建", "共创", "众益", "众扶", "众行", "益家", "益心", "益路", "益起", "善源", "善心", "善园", "心家园", "幸福", "安康", "平安", "快乐", "健康", "美好", "文明", "新时代", "新风"]

# Characters good for a two-character name (阳光, 晨星 ...): pairs of them make the long tail.
NAME_CHARACTERS = (
    "阳光春晨星心爱善和安康乐青禾益仁德信诚慧明远恒华新美绿蓝红金海山林溪泉云雨雪花树苗芽叶家园桥路灯"
    "翼帆梦愿望行思创合众友邻助扶护育学书童伴暖晴朗悦欣馨韵雅泽润源丰盛宁平福祥瑞嘉佳启航博睿聚汇融通"
    "达鸿鹏飞扬志诚笃毅勤朴真纯清素简静敏捷悠长久远方圆润泰康宏伟"
)
TAIL_SIZE = 3000  # generated words in the long tail


def _clean(words):
    # Only CJK words (a stray Latin token in the list above would be a typo).
    return [word for word in dict.fromkeys(words) if word and all("\u4e00" <= char <= "\u9fff" for char in word)]


class Vocabulary:
    """Deterministic word lists with Zipf-like sampling (rank r drawn with weight 1 / r^1.05)."""

    def __init__(self, *, seed, places):
        rng = random.Random(seed)
        characters = list(dict.fromkeys(NAME_CHARACTERS))
        pairs = [a + b for a, b in itertools.permutations(characters, 2)]
        rng.shuffle(pairs)
        common = _clean(COMMON_WORDS)
        tail = [pair for pair in pairs if pair not in set(common)][:TAIL_SIZE]
        self.words = common + tail
        self._word_weights = self._cumulative([1 / (rank ** 1.05) for rank in range(1, len(self.words) + 1)])
        self.suffixes = [suffix for suffix, _weight in SUFFIXES]
        self._suffix_weights = self._cumulative([weight for _suffix, weight in SUFFIXES])
        self.places = places  # [(province, city, county)] names, one per county

    @staticmethod
    def _cumulative(weights):
        return list(itertools.accumulate(weights))

    @staticmethod
    def _draw(rng, items, cumulative):
        return items[bisect.bisect(cumulative, rng.random() * cumulative[-1])]

    def word(self, rng):
        return self._draw(rng, self.words, self._word_weights)

    def suffix(self, rng):
        return self._draw(rng, self.suffixes, self._suffix_weights)

    def place(self, rng, county_index):
        province, city, county = self.places[county_index]
        roll = rng.random()
        if roll < 0.45:
            return f"{city}{county}" if city else f"{province}{county}"
        if roll < 0.8:
            return city or province
        if roll < 0.95:
            return province
        return ""  # national organizations carry no place

    def name_parts(self, rng, *, county_index, field_slugs):
        """place + one or two words (sometimes an issue-field word) + kind suffix, as a list."""
        parts = [self.place(rng, county_index), self.word(rng)]
        if rng.random() < 0.35:
            parts.append(self.word(rng))
        if field_slugs and rng.random() < 0.5:
            parts.append(rng.choice(FIELD_WORDS.get(field_slugs[0], ["公益"])))
        parts.append(self.suffix(rng))
        return [part for part in parts if part]

    def name(self, rng, *, county_index, field_slugs):
        return "".join(self.name_parts(rng, county_index=county_index, field_slugs=field_slugs))

    def description(self, rng, *, field_slugs):
        field_words = [rng.choice(FIELD_WORDS.get(slug, ["公益"])) for slug in field_slugs]
        return (f"本机构致力于{'、'.join(field_words)}等领域，以{self.word(rng)}{self.word(rng)}为理念，"
                f"服务{rng.randint(10, 5000)}人。")
