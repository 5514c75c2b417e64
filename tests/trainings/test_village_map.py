"""Future Village on the resource map: a bounded GeoJSON layer registered into mapplatform."""

import pytest
from django.contrib.gis.geos import Point

from mapplatform.layers import extra_map_layers
from trainings.selectors_villages import MAP_PROJECTS_PER_VILLAGE

from .factories import codesign_project, published_village

pytestmark = pytest.mark.django_db

SICHUAN = "102,28,108,33"


def features(client, **params):
    response = client.get("/en/trainings/villages/map.json", {"bbox": SICHUAN, **params})
    assert response.status_code == 200
    return response.json()


def test_published_villages_in_the_box_with_their_open_projects(client, django_assert_max_num_queries):
    village = published_village()
    codesign_project(village=village, title="饮水")
    codesign_project(village=village, title="旧项目", call_open=False)
    published_village(name="待审村", status="proposed")
    published_village(name="北京的村", location=Point(116.4, 39.9, srid=4326))
    with django_assert_max_num_queries(2):
        data = features(client)
    assert data["type"] == "FeatureCollection" and not data["truncated"]
    [feature] = data["features"]
    assert feature["geometry"]["coordinates"] == [round(village.location.x, 6), round(village.location.y, 6)]
    props = feature["properties"]
    assert props["name"] == "明月村" and props["url"] == f"/en/trainings/villages/{village.pk}/"
    assert [p["title"] for p in props["projects"]] == ["饮水"]
    assert props["projects"][0]["stage"] == "Gathering the problem"


def test_filter_by_stage_and_role_wanted_keeps_matching_villages_and_projects(client):
    tea = published_village(name="茶村")
    codesign_project(village=tea, title="茶园设计", stage="codesign", roles_wanted=["designer"])
    codesign_project(village=tea, title="饮水", roles_wanted=["engineer"])
    codesign_project(village=published_village(name="竹村"), title="竹桥", roles_wanted=["engineer"])
    by_stage = features(client, stage="codesign")["features"]
    assert [(f["properties"]["name"], [p["title"] for p in f["properties"]["projects"]]) for f in by_stage] == [
        ("茶村", ["茶园设计"])]
    by_role = features(client, role="engineer")["features"]
    assert sorted(f["properties"]["name"] for f in by_role) == ["竹村", "茶村"]
    assert all(p["title"] != "茶园设计" for f in by_role for p in f["properties"]["projects"])


def test_popups_list_a_bounded_number_of_projects_and_the_answer_says_when_capped(client, monkeypatch):
    village = published_village()
    for number in range(MAP_PROJECTS_PER_VILLAGE + 2):
        codesign_project(village=village, title=f"项目{number}")
    published_village(name="第二村")
    by_name = {f["properties"]["name"]: f["properties"]["projects"] for f in features(client)["features"]}
    assert len(by_name["明月村"]) == MAP_PROJECTS_PER_VILLAGE and by_name["第二村"] == []
    monkeypatch.setattr("trainings.selectors_villages.MAP_VILLAGE_CAP", 1)
    data = features(client)
    assert len(data["features"]) == 1 and data["truncated"]


@pytest.mark.parametrize("params", [{}, {"bbox": "a,b,c,d"}, {"bbox": SICHUAN, "stage": "nonsense"},
                                    {"bbox": "108,28,102,33"}, {"bbox": SICHUAN, "role": "wizard"}])
def test_bad_parameters_are_a_400_with_reasons(client, params):
    response = client.get("/en/trainings/villages/map.json", params)
    assert response.status_code == 400 and response.json()["errors"]


def test_trainings_registers_its_layer_and_the_map_page_loads_it_without_inline_script(client):
    assert [layer.key for layer in extra_map_layers()] == ["villages"]
    body = client.get("/map/?villages=1&village_stage=codesign").content.decode()
    assert 'data-map-layer="villages"' in body and 'data-url="/trainings/villages/map.json"' in body
    assert "<legend>地图上的未来村庄</legend>" in body
    assert '<option value="codesign" selected>共同设计</option>' in body
    assert '<script defer src="/static/trainings/js/village-layer.js"></script>' in body
