"""The pyramid's tiles in memory (mapplatform/tiles.py): merging, coarser levels, the stored bytes
and the sums a view reads back. No database: these are numpy functions."""

import numpy as np
import pytest

from mapplatform import tiles


def cells(rows):
    """Cells from (field, cx, cy, province, org_kind, post_kind, resource_type, x, y, id) rows."""
    columns = list(zip(*rows))
    return {
        "field": np.array(columns[0], dtype=np.int64), "cx": np.array(columns[1], dtype=np.int64),
        "cy": np.array(columns[2], dtype=np.int64), "province": np.array(columns[3], dtype=np.int64),
        "org_kind": np.array(columns[4], dtype=np.uint8), "post_kind": np.array(columns[5], dtype=np.uint8),
        "resource_type": np.array(columns[6], dtype=np.uint8), "count": np.ones(len(rows), dtype=np.int64),
        "sx": np.array(columns[7], dtype=np.float64), "sy": np.array(columns[8], dtype=np.float64),
        "one": np.array(columns[9], dtype=np.int64),
    }


ROWS = [
    (0, 33, 17, 440000, 1, 0, 0, 113.5, 22.5, 9),
    (0, 33, 17, 440000, 1, 0, 0, 113.7, 22.7, 4),   # same cell and values: merged with the first
    (0, 33, 17, 440000, 2, 0, 0, 113.6, 22.6, 5),   # same cell, another kind: its own element
    (0, 32, 16, 110000, 1, 0, 0, 116.4, 39.9, 7),   # another cell of the same tile
    (0, 48, 17, 440000, 1, 0, 0, 120.0, 22.0, 8),   # another tile (column 48 // 16 = 3)
    (12, 33, 17, 440000, 1, 0, 0, 113.5, 22.5, 9),  # issue field 12: a tile of its own
]


def test_aggregate_merges_equal_cells_and_values_and_keeps_sums_and_the_smallest_id():
    merged = tiles.aggregate(cells(ROWS))
    assert len(merged["cx"]) == 5
    first = np.flatnonzero((merged["field"] == 0) & (merged["cx"] == 33) & (merged["org_kind"] == 1))
    assert len(first) == 1
    i = first[0]
    assert merged["count"][i] == 2 and merged["one"][i] == 4
    assert merged["sx"][i] == pytest.approx(227.2) and merged["sy"][i] == pytest.approx(45.2)


def test_coarser_halves_the_grid_and_keeps_the_total():
    level = tiles.aggregate(cells(ROWS))
    parent = tiles.coarser(level)
    assert parent["count"].sum() == level["count"].sum() == 6
    assert set(zip(parent["cx"].tolist(), parent["cy"].tolist())) == {(16, 8), (24, 8)}


def test_tiles_round_trip_and_sum_by_filter():
    stored = tiles.tiles(tiles.aggregate(cells(ROWS)))
    assert [(field, tx, ty, count) for field, tx, ty, count, _ in stored] == [(0, 2, 1, 4), (0, 3, 1, 1), (12, 2, 1, 1)]
    field, tx, ty, count, data = stored[0]
    back = tiles.decode(field, tx, ty, data)
    assert back["count"].sum() == 4 and set(back["province"].tolist()) == {440000, 110000}
    cell = ((33 & 15) << 4) | (17 & 15)
    everything = tiles.sum_tile(data)
    assert everything[cell][0] == 3 and everything[cell][3] == 4
    assert everything[cell][1] == pytest.approx(113.5 + 113.7 + 113.6, abs=1e-3)
    assert tiles.sum_tile(data, org_kind=2) == {cell: (1, pytest.approx(113.6, abs=1e-4),
                                                       pytest.approx(22.6, abs=1e-4), 5)}
    assert tiles.sum_tile(data, provinces=[110000]).keys() == {((32 & 15) << 4) | (16 & 15)}
    assert tiles.sum_tile(data, org_kind=3) == {}
    assert tiles.sum_provinces(data) == {110000: 1, 440000: 3}


def test_keys_that_do_not_fit_rank_issue_fields_and_provinces_first():
    # Large issue-field ids, unknown kinds (255) and wide rows would overflow 64 bits as they are.
    rows = [(2_000_000_000 + i % 3, 8000 + i, 4000 + i, 820000 - i % 2, 255, 255, 255, 1.0, 2.0, i)
            for i in range(10)] * 2
    merged = tiles.aggregate(cells(rows))
    assert len(merged["cx"]) == 10 and (merged["count"] == 2).all()
    assert merged["field"].min() >= 2_000_000_000  # the values themselves come back, not their ranks
    assert (np.diff(merged["field"]) >= 0).all()


def test_an_empty_level_has_no_tiles():
    assert tiles.tiles(tiles.aggregate(tiles.empty())) == []
