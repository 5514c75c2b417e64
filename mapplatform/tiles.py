"""The map pyramid's cells in memory, counted with numpy (services/pyramid.py builds and updates
them, selectors.py sums them for a view).

A level's cells are columns of equal length: the issue field (0: any), the cell's column and row,
the filter values (province code, and the codes of the organization's kind, need or offer and
resource: positions in MapBuild.codes), and what the cluster shows (count, sums of longitude and
latitude, one object's id). `aggregate` merges rows with the same cell and filter values with one
sort of packed 64-bit keys; `coarser` halves the grid for the next level up. Grouping a million
objects' rows this way takes a fraction of a second per level, where the same GROUP BY in
PostgreSQL took seconds (and writing the result as one row each took most of a rebuild).

A tile (TILE_CELLS × TILE_CELLS cells of one level and issue field) is stored as one row whose
`cells` are its elements in the ELEMENT layout: a view reads a few rows, not thousands."""

import numpy as np

TILE_SHIFT = 4
TILE_CELLS = 1 << TILE_SHIFT  # cells per side of a tile

# One element per cell and combination of filter values. Positions as float32 means: ~1 m.
ELEMENT = np.dtype([
    ("cell", "<u1"), ("org_kind", "<u1"), ("post_kind", "<u1"), ("resource_type", "<u1"),
    ("province", "<i4"), ("count", "<i4"), ("x", "<f4"), ("y", "<f4"), ("one", "<i8"),
])
UNKNOWN_CODE = 255  # a value missing from the build's codes: counted, matched by no filter

DIMENSIONS = ("field", "province", "org_kind", "post_kind", "resource_type")
COLUMNS = ("field", "cx", "cy", "province", "org_kind", "post_kind", "resource_type", "count", "sx", "sy", "one")


def empty():
    return {name: np.zeros(0, dtype=_dtype(name)) for name in COLUMNS}


def _dtype(name):
    return {"sx": np.float64, "sy": np.float64, "count": np.int64, "one": np.int64,
            "org_kind": np.uint8, "post_kind": np.uint8, "resource_type": np.uint8}.get(name, np.int64)


def concat(*parts):
    return {name: np.concatenate([part[name] for part in parts]).astype(_dtype(name), copy=False)
            for name in COLUMNS}


def take(cells, index):
    return {name: values[index] for name, values in cells.items()}


def _ranks(values):
    """Dense ranks of the values (few distinct: issue fields, provinces) and their number."""
    table, ranks = np.unique(values, return_inverse=True)
    return ranks.astype(np.int64), len(table)


def _bits(largest):
    return max(1, int(largest).bit_length())


def sort_key(cells):
    """One int64 per row that sorts by issue field, tile, cell in the tile, then filter values:
    equal keys are rows to merge, and a tile's rows end up next to each other. Values go in as
    they are when they fit; issue fields and provinces are ranked first when they do not."""
    tx, ty = cells["cx"] >> TILE_SHIFT, cells["cy"] >> TILE_SHIFT
    cell = ((cells["cx"] & (TILE_CELLS - 1)) << TILE_SHIFT) | (cells["cy"] & (TILE_CELLS - 1))
    rest = [(tx, _bits(tx.max(initial=0))), (ty, _bits(ty.max(initial=0))), (cell, 2 * TILE_SHIFT)]
    kinds = [(cells[name].astype(np.int64), _bits(cells[name].max(initial=0))) for name in DIMENSIONS[2:]]
    field, province = cells["field"], cells["province"]
    parts = [(field, _bits(field.max(initial=0))), *rest, (province, _bits(province.max(initial=0))), *kinds]
    if sum(width for _, width in parts) > 63:
        (field, fields), (province, provinces) = _ranks(field), _ranks(province)
        parts = [(field, _bits(fields)), *rest, (province, _bits(provinces)), *kinds]
    if sum(width for _, width in parts) > 63:
        raise ValueError("map pyramid key does not fit in 64 bits")
    key = np.zeros(len(cells["cx"]), dtype=np.int64)
    for values, width in parts:
        key = (key << width) | values
    return key


def aggregate(cells):
    """The cells with rows of equal cell and filter values merged, sorted by sort_key."""
    if not len(cells["cx"]):
        return empty()
    key = sort_key(cells)
    order = np.argsort(key)
    key = key[order]
    starts = np.flatnonzero(np.concatenate(([True], key[1:] != key[:-1])))
    merged = {name: cells[name][order[starts]] for name in ("field", "cx", "cy", *DIMENSIONS[1:])}
    for name in ("count", "sx", "sy"):
        merged[name] = np.add.reduceat(cells[name][order], starts)
    merged["one"] = np.minimum.reduceat(cells["one"][order], starts)
    return merged


def coarser(cells):
    """The next level up: each cell's column and row halve."""
    return aggregate({**cells, "cx": cells["cx"] >> 1, "cy": cells["cy"] >> 1})


def tiles(cells):
    """[(field, tx, ty, count, bytes)] of cells sorted by sort_key (as aggregate returns them)."""
    n = len(cells["cx"])
    if not n:
        return []
    tx, ty = cells["cx"] >> TILE_SHIFT, cells["cy"] >> TILE_SHIFT
    boundary = np.concatenate(([True], (cells["field"][1:] != cells["field"][:-1]) | (tx[1:] != tx[:-1])
                               | (ty[1:] != ty[:-1])))
    starts = np.flatnonzero(boundary)
    ends = np.append(starts[1:], n)
    elements = np.empty(n, dtype=ELEMENT)
    elements["cell"] = ((cells["cx"] & (TILE_CELLS - 1)) << TILE_SHIFT) | (cells["cy"] & (TILE_CELLS - 1))
    for name in DIMENSIONS[1:]:
        elements[name] = cells[name]
    elements["count"] = cells["count"]
    elements["x"] = cells["sx"] / cells["count"]
    elements["y"] = cells["sy"] / cells["count"]
    elements["one"] = cells["one"]
    totals = np.add.reduceat(cells["count"], starts)
    fields, txs, tys = cells["field"][starts].tolist(), tx[starts].tolist(), ty[starts].tolist()
    data = elements.tobytes()
    size = ELEMENT.itemsize
    return [(fields[i], txs[i], tys[i], int(totals[i]), data[start * size:end * size])
            for i, (start, end) in enumerate(zip(starts.tolist(), ends.tolist()))]


def decode(field, tx, ty, data):
    """A stored tile back as cells (sums rebuilt from the means)."""
    elements = np.frombuffer(data, dtype=ELEMENT)
    count = elements["count"].astype(np.int64)
    n = len(elements)
    return {
        "field": np.full(n, field, dtype=np.int64),
        "cx": (tx << TILE_SHIFT) | (elements["cell"].astype(np.int64) >> TILE_SHIFT),
        "cy": (ty << TILE_SHIFT) | (elements["cell"].astype(np.int64) & (TILE_CELLS - 1)),
        "province": elements["province"].astype(np.int64),
        "org_kind": elements["org_kind"], "post_kind": elements["post_kind"],
        "resource_type": elements["resource_type"],
        "count": count, "sx": elements["x"] * count, "sy": elements["y"] * count,
        "one": elements["one"],
    }


def sum_tile(data, *, provinces=None, org_kind=None, post_kind=None, resource_type=None):
    """{cell index: (count, sum_x, sum_y, one)} of a stored tile's elements that match the filters
    (None: any; provinces is a collection of codes, the kinds are codes)."""
    elements = np.frombuffer(data, dtype=ELEMENT)
    mask = np.ones(len(elements), dtype=bool)
    if provinces is not None:
        mask &= np.isin(elements["province"], np.asarray(list(provinces), dtype=np.int32))
    for name, code in (("org_kind", org_kind), ("post_kind", post_kind), ("resource_type", resource_type)):
        if code is not None:
            mask &= elements[name] == code
    chosen = elements[mask]
    if not len(chosen):
        return {}
    cell = chosen["cell"].astype(np.intp)
    count = chosen["count"].astype(np.int64)
    counts = np.bincount(cell, weights=count, minlength=256)
    sum_x = np.bincount(cell, weights=chosen["x"] * count, minlength=256)
    sum_y = np.bincount(cell, weights=chosen["y"] * count, minlength=256)
    one = np.full(256, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(one, cell, chosen["one"])
    present = np.flatnonzero(counts)
    return {int(i): (int(counts[i]), float(sum_x[i]), float(sum_y[i]), int(one[i])) for i in present}


def sum_provinces(data, *, post_kind=None):
    """{province code: count} of a stored tile's elements."""
    elements = np.frombuffer(data, dtype=ELEMENT)
    if post_kind is not None:
        elements = elements[elements["post_kind"] == post_kind]
    codes, index = np.unique(elements["province"], return_inverse=True)
    totals = np.bincount(index, weights=elements["count"].astype(np.int64), minlength=len(codes))
    return {int(code): int(total) for code, total in zip(codes, totals)}
