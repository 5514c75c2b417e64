"""English names of divisions: pinyin with the readings places use, the suffix in English, made
when the reference data loads; English pages show them, Chinese pages the Chinese names."""

import re

import pytest

from orgs.models import Division
from orgs.place_names import english_name
from tests.orgs.factories import OrganizationFactory

# Polyphonic place names and well-known forms that machine pinyin gets wrong.
KNOWN = {
    "六安市": "Lu'an", "蚌埠市": "Bengbu", "长沙市": "Changsha", "厦门市": "Xiamen", "乐山市": "Leshan",
    "番禺区": "Panyu District", "蔚县": "Yuxian County", "亳州市": "Bozhou", "丽水市": "Lishui", "莘县": "Shenxian County",
    "东阿县": "Dong'e County", "单县": "Shanxian County", "大洼区": "Dawa District", "洪洞县": "Hongtong County",
    "铅山县": "Yanshan County", "曲阜市": "Qufu City", "台州市": "Taizhou", "天台县": "Tiantai County",
    "涡阳县": "Guoyang County", "长治市": "Changzhi", "朝阳市": "Chaoyang", "茌平区": "Chiping District",
    "郫都区": "Pidu District", "犍为县": "Qianwei County", "筠连县": "Junlian County", "荥阳市": "Xingyang City",
    "枞阳县": "Zongyang County", "黟县": "Yixian County", "歙县": "Shexian County", "济南市": "Jinan",
    "济源市": "Jiyuan City", "井陉县": "Jingxing County", "蠡县": "Lixian County", "乐亭县": "Laoting County",
    "牟平区": "Muping District", "兖州区": "Yanzhou District", "成都市": "Chengdu", "锦江区": "Jinjiang District",
    "恩施土家族苗族自治州": "Enshi Tujia and Miao Autonomous Prefecture", "呼和浩特市": "Hohhot",
    "乌鲁木齐市": "Urumqi", "神农架林区": "Shennongjia Forestry District", "阿里地区": "Ngari Prefecture",
    "阿拉善盟": "Alxa League", "和县": "Hexian County", "长子县": "Zhangzi County", "南乐县": "Nanle County",
}


@pytest.mark.parametrize(("name", "english"), KNOWN.items())
def test_known_place_names(name, english):
    # Prefecture-level cities drop 市 ("Chengdu"); county-level cities keep it ("Qufu City").
    prefecture = name.endswith(("州", "地区", "盟")) or (name.endswith("市") and "City" not in english)
    assert english_name(name, "city" if prefecture else "county") == english, name


@pytest.mark.django_db
def test_every_division_has_an_english_name_after_loading():
    names = dict(Division.objects.values_list("code", "name_en"))
    assert len(names) == 3212
    pattern = re.compile(r"^[A-Z][A-Za-zü' ()\-,]*$")
    bad = {code: name for code, name in names.items() if not pattern.match(name or "")}
    assert bad == {}
    assert names["341500"] == "Lu'an" and names["340300"] == "Bengbu" and names["510104"] == "Jinjiang District"
    assert names["510000"] == "Sichuan"  # provinces keep the CSV's hand-written names
    for name, english in KNOWN.items():
        assert english in set(Division.objects.filter(name=name).values_list("name_en", flat=True)), name


@pytest.mark.django_db
def test_english_pages_show_english_place_names(client):
    organization = OrganizationFactory(name="成都河流守护者")
    english = client.get(f"/en/orgs/{organization.slug}/").content.decode()
    assert "Sichuan" in english and "Chengdu" in english and "Jinjiang District" in english
    assert "锦江区" not in english and "成都市" not in english
    chinese = client.get(f"/orgs/{organization.slug}/").content.decode()
    assert "锦江区" in chinese and "Jinjiang" not in chinese
