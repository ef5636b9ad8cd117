"""The historical data sets: stored values, metadata, the published results they
reproduce, and the methods.
"""

import itertools
import re
import shutil
import subprocess
import sys
import warnings
import zipfile

import numpy as np
import pytest
from conftest import ROOT
from scipy.optimize import linprog

from msebook import exercises, history

# The tables below are copied from the data notes the package data were keyed from. Each
# is parsed here independently of the package's own reader and compared value for value.
SOURCE_TABLES = {
    "legendre_1805": r"""
| segment | S (modules) | d (degrees) | L |
|---|---|---|---|
| Dunkirk–Panthéon | 62472.59 | 2.18910 | 49° 56′ 30″ |
| Panthéon–Evaux | 76145.74 | 2.66868 | 47° 30′ 46″ |
| Evaux–Carcassonne | 84424.55 | 2.96336 | 44° 41′ 48″ |
| Carcassonne–Barcelona (Montjouy) | 52749.48 | 1.85266 | 42° 17′ 20″ |
""",
    "boscovich_1757": r"""
| site | latitude | x = sin²(lat) | y (toises − 56 700) |
|---|---|---|---|
| Quito | 0° 0′ | 0.0000 | 51 |
| Cape of Good Hope | 33° 18′ | 0.2987 | 337 |
| Rome | 42° 59′ | 0.4648 | 279 |
| Paris | 49° 23′ | 0.5762 | 374 |
| Lapland | 66° 19′ | 0.8386 | 722 |
""",
    "mayer_1750": r"""
| eq | 90 − h | X2 | X3 | group |
|---|---|---|---|---|
| 1 | 13°10′ | 0.8836 | -0.4682 | I |
| 2 | 13°08′ | 0.9996 | -0.0282 | I |
| 3 | 13°12′ | 0.9899 | 0.1421 | I |
| 4 | 14°15′ | 0.2221 | 0.9750 | III |
| 5 | 14°42′ | 0.0006 | 1.0000 | III |
| 6 | 13°01′ | 0.9308 | -0.3654 | I |
| 7 | 14°31′ | 0.0602 | 0.9982 | III |
| 8 | 14°57′ | -0.1570 | 0.9876 | II |
| 9 | 13°05′ | 0.9097 | -0.4152 | I |
| 10 | 13°02′ | 1.0000 | 0.0055 | I |
| 11 | 13°12′ | 0.9689 | 0.2476 | I |
| 12 | 13°11′ | 0.8878 | 0.4602 | I |
| 13 | 13°34′ | 0.7549 | 0.6558 | III |
| 14 | 13°53′ | 0.5755 | 0.8178 | III |
| 15 | 13°58′ | 0.3608 | 0.9326 | III |
| 16 | 14°14′ | 0.1302 | 0.9915 | III |
| 17 | 14°56′ | -0.1068 | 0.9943 | III |
| 18 | 14°47′ | -0.3363 | 0.9418 | II |
| 19 | 15°56′ | -0.8560 | 0.5170 | II |
| 20 | 13°29′ | 0.8002 | 0.5997 | III |
| 21 | 15°55′ | -0.9952 | -0.0982 | II |
| 22 | 15°39′ | -0.8409 | 0.5412 | II |
| 23 | 16°09′ | -0.9429 | 0.3330 | II |
| 24 | 16°22′ | -0.9768 | 0.2141 | II |
| 25 | 15°38′ | -0.6262 | -0.7797 | II |
| 26 | 14°54′ | -0.4091 | -0.9125 | II |
| 27 | 13°07′ | 0.9284 | -0.3716 | I |
""",
    "laplace_saturn_1787": r"""
| eq | year | Y | X1 | X2 | X3 |
|---|---|---|---|---|---|
| 1 | 1591 | 1.198333 | -158.00 | 0.22041 | -0.97541 |
| 2 | 1598 | 3.545000 | -151.78 | 0.99974 | -0.02278 |
| 3 | 1660 | 5.200000 | -89.67 | 0.79735 | 0.60352 |
| 4 | 1664 | 3.945000 | -85.54 | 0.04241 | 0.99910 |
| 5 | 1667 | 3.528333 | -82.45 | -0.57924 | 0.81516 |
| 6 | 1672 | 3.546667 | -77.28 | -0.98890 | -0.14858 |
| 7 | 1679 | 3.165000 | -70.01 | 0.12591 | -0.99204 |
| 8 | 1687 | 4.820000 | -62.79 | 0.99476 | 0.10222 |
| 9 | 1690 | 3.446667 | -59.66 | 0.72246 | 0.69141 |
| 10 | 1694 | 2.081667 | -55.52 | -0.07303 | 0.99733 |
| 11 | 1697 | 2.623333 | -52.43 | -0.66945 | 0.74285 |
| 12 | 1701 | 2.686667 | -48.29 | -0.99902 | -0.04435 |
| 13 | 1731 | 3.523333 | -18.27 | -0.98712 | -0.15998 |
| 14 | 1738 | 4.158333 | -11.01 | 0.13759 | -0.99049 |
| 15 | 1746 | 4.971667 | -3.75 | 0.99348 | 0.11401 |
| 16 | 1749 | 4.063333 | -0.65 | 0.71410 | 0.70004 |
| 17 | 1753 | 1.970000 | 3.48 | -0.08518 | 0.99637 |
| 18 | 1756 | 1.586667 | 6.58 | -0.67859 | 0.73452 |
| 19 | 1760 | 3.233333 | 10.72 | -0.99838 | -0.05691 |
| 20 | 1767 | 1.670000 | 17.98 | 0.03403 | -0.99942 |
| 21 | 1775 | 3.766667 | 25.23 | 0.99994 | 0.01065 |
| 22 | 1778 | 4.548333 | 28.33 | 0.78255 | 0.62559 |
| 23 | 1782 | 4.073333 | 32.46 | 0.01794 | 0.99984 |
| 24 | 1785 | 4.293333 | 35.56 | -0.59930 | 0.80053 |
""",
    "galton_1886": r"""
| child \ parent | 64.0 | 64.5 | 65.5 | 66.5 | 67.5 | 68.5 | 69.5 | 70.5 | 71.5 | 72.5 | 73.0 |
|---|---|---|---|---|---|---|---|---|---|---|---|
| 61.7 | 1 | 1 | 1 | 0 | 0 | 1 | 0 | 1 | 0 | 0 | 0 |
| 62.2 | 0 | 1 | 0 | 3 | 3 | 0 | 0 | 0 | 0 | 0 | 0 |
| 63.2 | 2 | 4 | 9 | 3 | 5 | 7 | 1 | 1 | 0 | 0 | 0 |
| 64.2 | 4 | 4 | 5 | 5 | 14 | 11 | 16 | 0 | 0 | 0 | 0 |
| 65.2 | 1 | 1 | 7 | 2 | 15 | 16 | 4 | 1 | 1 | 0 | 0 |
| 66.2 | 2 | 5 | 11 | 17 | 36 | 25 | 17 | 1 | 3 | 0 | 0 |
| 67.2 | 2 | 5 | 11 | 17 | 38 | 31 | 27 | 3 | 4 | 0 | 0 |
| 68.2 | 1 | 0 | 7 | 14 | 28 | 34 | 20 | 12 | 3 | 1 | 0 |
| 69.2 | 1 | 2 | 7 | 13 | 38 | 48 | 33 | 18 | 5 | 2 | 0 |
| 70.2 | 0 | 0 | 5 | 4 | 19 | 21 | 25 | 14 | 10 | 1 | 0 |
| 71.2 | 0 | 0 | 2 | 0 | 11 | 18 | 20 | 7 | 4 | 2 | 0 |
| 72.2 | 0 | 0 | 1 | 0 | 4 | 4 | 11 | 4 | 9 | 7 | 1 |
| 73.2 | 0 | 0 | 0 | 0 | 0 | 3 | 4 | 3 | 2 | 2 | 3 |
| 73.7 | 0 | 0 | 0 | 0 | 0 | 0 | 5 | 3 | 2 | 4 | 0 |
""",  # noqa: E501 (the table's header row, copied whole from the source)
}
CAVENDISH_SOURCE = """
5.50 5.61 4.88 5.07 5.26 5.55 5.36 5.29 5.58 5.65
5.57 5.53 5.62 5.29 5.44 5.34 5.79 5.10 5.27 5.39
5.42 5.47 5.63 5.34 5.46 5.30 5.75 5.68 5.85
"""


def _source_rows(name):
    lines = SOURCE_TABLES[name].strip().splitlines()
    return [
        [cell.strip() for cell in line.strip("|").split("|")]
        for line in lines
        if not line.startswith("|---")
    ]


def _angle(text):
    """'49° 56′ 30″' or '13°10′' -> (49, 56, 30) or (13, 10)."""
    return tuple(int(part) for part in re.findall(r"-?\d+", text))


def _expected_columns(name):
    """The columns each data file must hold, built from the copied table."""
    header, *rows = _source_rows(name)
    columns = list(zip(*rows))
    if name == "legendre_1805":
        degrees, minutes, seconds = zip(*map(_angle, columns[3]))
        return {
            "segment": columns[0],
            "S": columns[1],
            "d": columns[2],
            "L_deg": degrees,
            "L_min": minutes,
            "L_sec": seconds,
        }
    if name == "boscovich_1757":
        degrees, minutes = zip(*map(_angle, columns[1]))
        return {
            "site": columns[0],
            "lat_deg": degrees,
            "lat_min": minutes,
            "x": columns[2],
            "y": columns[3],
        }
    if name == "mayer_1750":
        degrees, minutes = zip(*map(_angle, columns[1]))
        return {
            "eq": columns[0],
            "y_deg": degrees,
            "y_min": minutes,
            "X2": columns[2],
            "X3": columns[3],
            "group": columns[4],
        }
    if name == "laplace_saturn_1787":
        return dict(zip(header, columns))
    if name == "galton_1886":
        parents = header[1:]
        cells = [
            (row[0], parent, count)
            for row in rows
            for parent, count in zip(parents, row[1:])
        ]
        return dict(zip(("child", "parent", "count"), zip(*cells)))
    raise AssertionError(name)


@pytest.mark.parametrize("name", list(SOURCE_TABLES))
def test_data_file_matches_the_source_table_value_for_value(name):
    table = history.load(name)
    expected = _expected_columns(name)
    assert table.columns == tuple(expected)
    for column, values in expected.items():
        stored = table[column]
        assert len(stored) == len(values)
        if stored.dtype == object:
            assert list(stored) == list(values), column
        else:
            assert np.array_equal(stored, np.array(values, dtype=float)), column


def test_cavendish_matches_the_source_list():
    table = history.load("cavendish_1798")
    expected = [float(value) for value in CAVENDISH_SOURCE.split()]
    assert len(expected) == 29 and table["density"].tolist() == expected
    assert table["measurement"].tolist() == list(range(1, 30))


def test_galton_counts_928_children_in_a_14_by_11_table():
    table = history.load("galton_1886")
    assert table["count"].sum() == 928 and len(table) == 14 * 11
    assert table["child"].reshape(14, 11)[:, 0].tolist()[:3] == [61.7, 62.2, 63.2]


def test_names_and_metadata():
    assert history.names() == (
        "legendre_1805",
        "boscovich_1757",
        "mayer_1750",
        "laplace_saturn_1787",
        "cavendish_1798",
        "galton_1886",
    )
    for name in history.names():
        table = history.load(name)
        assert table.name == name and len(table) > 0
        assert set(table.units) == set(table.columns), name
        assert table.citation and table.title and table.caveats
        assert repr(table).startswith(f"<Table {name}: {len(table)} rows")
    assert "1 module = 2 toises" in history.load("legendre_1805").units["S"]
    assert "0.3014" in " ".join(history.load("boscovich_1757").caveats)
    assert "5.88" in " ".join(history.load("cavendish_1798").caveats)
    assert "1.08" in " ".join(history.load("galton_1886").caveats)


def test_a_table_built_by_hand_is_checked_and_keeps_its_own_copies():
    data, units, caveats = {"a": np.array([1.0, 2.0])}, {"a": "m"}, ["c"]
    table = history.Table("t", "T", "C", units, caveats, data)
    data["a"][0], units["a"] = 99.0, "km"
    caveats.append("d")
    data["b"] = np.zeros(2)
    assert table["a"].tolist() == [1.0, 2.0] and table.units == {"a": "m"}
    assert table.caveats == ["c"] and table.columns == ("a",)
    with pytest.raises(KeyError):
        table["b"]
    bad = [  # each used to be accepted, most failing later with IndexError/TypeError
        ({"data": {}}, ValueError, "data must have at least one column"),
        ({"data": {"a": 1.0}}, ValueError, "data['a'] must be 1-D, got shape ()"),
        ({"data": {"a": [1, 2], "b": [1]}}, ValueError, "data's columns must have one"),
        ({"data": {1: [1, 2]}}, TypeError, "data's column names must be strings"),
        ({"data": {"a": [[1, 2], [3]]}}, ValueError, "data['a'] is ragged"),
        ({"name": None}, TypeError, "name must be a string"),
        ({"units": ["m"]}, TypeError, "units must be a dict"),
        ({"caveats": "c"}, TypeError, "caveats must be a list of strings"),
    ]
    valid = {"name": "t", "title": "T", "citation": "C", "units": {}, "caveats": []}
    for change, error, message in bad:
        arguments = {**valid, "data": {"a": [1.0, 2.0]}, **change}
        with pytest.raises(error, match=re.escape(message)):
            history.Table(**arguments)


@pytest.mark.parametrize("name", ["gauss_1809", "Legendre_1805", "", None, 3])
def test_an_unknown_name_is_refused_with_the_valid_ones_listed(name):
    with pytest.raises(
        ValueError,
        match=r"name must be one of legendre_1805, boscovich_1757, .*galton_1886; got",
    ):
        history.load(name)


def test_an_unknown_column_names_the_valid_ones():
    with pytest.raises(
        KeyError,
        match="legendre_1805 has no column 'L'; its columns are segment, S, d, L_deg",
    ):
        history.load("legendre_1805")["L"]


@pytest.mark.slow
def test_the_data_files_are_in_the_built_wheel(tmp_path):
    source = (
        tmp_path / "source"
    )  # a copy, so that building leaves nothing behind in the repository
    shutil.copytree(
        ROOT / "msebook",
        source / "msebook",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source)
    command = [
        sys.executable,
        "-m",
        "pip",
        "wheel",
        str(source),
        "--no-deps",
        "--no-build-isolation",
        "-q",
        "-w",
        str(tmp_path),
    ]
    subprocess.run(command, check=True, capture_output=True, cwd=tmp_path)
    (wheel,) = tmp_path.glob("msebook-*.whl")
    contents = set(zipfile.ZipFile(wheel).namelist())
    expected = {f"msebook/history/{name}.csv" for name in history.names()} | {
        "msebook/history/datasets.json"
    }
    assert expected <= contents


# --- The published results, re-computed with the package's functions ------------------


def _legendre():
    arcs = history.load("legendre_1805")
    latitude = history.dms_to_degrees(arcs["L_deg"], arcs["L_min"], arcs["L_sec"])
    sin2 = np.sin(np.radians(latitude)) ** 2
    return arcs, sin2


def test_legendre_least_squares():
    arcs, sin2 = _legendre()
    per_degree = arcs["S"] / arcs["d"]
    design = np.column_stack([np.ones(4), sin2])
    z, y = history.least_squares(design, per_degree)
    assert round(z, 3) == 28227.162 and round(y, 3) == 541.264
    assert round(1 / history.ellipticity(z, y, at="mean"), 6) == 157.951374
    assert round(90 * (z + y / 2), 2) == 2564801.46
    assert np.round(per_degree - design @ (z, y), 2).tolist() == [
        -6.22,
        11.61,
        -5.46,
        0.07,
    ]


def test_legendre_weighted_by_arc_length():
    arcs, sin2 = _legendre()
    z, y = history.least_squares(
        np.column_stack([arcs["d"], arcs["d"] * sin2]), arcs["S"]
    )
    assert round(1 / history.ellipticity(z, y, at="mean"), 2) == 150.70


def _boscovich():
    arcs = history.load("boscovich_1757")
    return arcs["x"], arcs["y"]


def _inverse_ellipticity(line):
    return 1 / history.ellipticity(56700 + line[0], line[1])


def test_boscovich_three_fits():
    x, y = _boscovich()
    ols = history.least_squares(np.column_stack([np.ones(5), x]), y)
    assert round(56700 + ols[0], 1) == 56737.4 and round(ols[1], 1) == 723.4
    assert round(_inverse_ellipticity(ols), 1) == 235.3
    assert round(np.sum((y - ols[0] - ols[1] * x) ** 2), -1) == 28630
    a, b = history.boscovich_rule(x, y)
    assert round(56700 + a, 1) == 56751.0 and round(b, 1) == 692.3
    assert round(_inverse_ellipticity((a, b)), 1) == 245.9
    lad = history.least_absolute_deviations(x, y)
    assert round(lad[1], 1) == 800.1 and round(_inverse_ellipticity(lad), 1) == 212.8


def test_boscovich_two_point_solutions_range_from_127_to_1282_and_one_is_negative():
    x, y = _boscovich()
    inverse = {}
    for i, j in itertools.combinations(range(5), 2):
        slope = (y[j] - y[i]) / (x[j] - x[i])
        inverse[i, j] = _inverse_ellipticity((y[i] - slope * x[i], slope))
    positive = [value for value in inverse.values() if value > 0]
    assert round(min(positive)) == 127 and round(max(positive)) == 1282
    assert [pair for pair, value in inverse.items() if value < 0] == [
        (1, 2)
    ]  # Cape of Good Hope and Rome


def test_mayer_method_of_averages_and_least_squares():
    table = history.load("mayer_1750")
    target = history.dms_to_degrees(table["y_deg"], table["y_min"])
    design = np.column_stack([np.ones(27), -table["X2"], -table["X3"]])

    def angles(solution):
        beta, alpha, alpha_sin_theta = solution
        return beta, alpha, np.degrees(np.arcsin(alpha_sin_theta / alpha))

    def rms_minutes(solution):
        return 60 * np.sqrt(np.mean((target - design @ solution) ** 2))

    averages = history.mayer_averages(design, target, table["group"])
    assert [history.format_dms(angle) for angle in angles(averages)] == [
        "14°32′50″",
        "1°29′45″",
        "-3°49′06″",
    ]
    published = [
        history.dms_to_degrees(14, 33),
        history.dms_to_degrees(1, 30),
        history.dms_to_degrees(-3, 45),
    ]
    assert [history.format_dms(angle, seconds=False) for angle in published] == [
        "14°33′",
        "1°30′",
        "-3°45′",
    ]
    assert (
        round(60 * abs(angles(averages)[2] - published[2])) == 4
    )  # Mayer's own arithmetic

    least = history.least_squares(design, target)
    beta, alpha, theta = angles(least)
    assert (
        round(60 * beta, 1) == 873.5 and round(60 * alpha, 2) == 90.35
    )  # 14°33.5′ and 1°30.35′
    assert history.format_dms(theta, seconds=False) == "-2°44′"
    assert (
        round(rms_minutes(least), 2) == 8.71 and round(rms_minutes(averages), 2) == 8.77
    )
    assert round(theta - angles(averages)[2]) == 1


def test_laplace_saturn_least_squares():
    table = history.load("laplace_saturn_1787")
    design = np.column_stack([np.ones(24), table["X1"], table["X2"], table["X3"]])
    solution = history.least_squares(design, table["Y"])
    published = [3.42904, 0.0032291, 0.695773, 0.271251]
    decimals = [5, 7, 6, 6]
    assert [
        round(value, places) for value, places in zip(solution, decimals)
    ] == published


def test_cavendish_means():
    density = history.load("cavendish_1798")["density"]
    assert round(density.mean(), 3) == 5.448 and round(density.std(ddof=1), 3) == 0.221
    # the last 23 (after the apparatus was changed) average 5.48348: 5.483 to three
    # places
    assert round(density[6:].mean(), 4) == 5.4835 and np.median(density) == 5.46
    corrected = density.copy()
    corrected[2] = 5.88
    assert round(corrected.mean(), 3) == 5.482 and round(corrected.mean(), 2) == 5.48
    assert np.median(corrected) == 5.47


def test_galton_regressions():
    table = history.load("galton_1886")
    child, parent, count = table["child"], table["parent"], table["count"]
    ones = np.ones(len(count))
    intercept, slope = history.least_squares(
        np.column_stack([ones, parent]), child, sample_weight=count
    )
    assert round(slope, 4) == 0.6463 and round(intercept, 2) == 23.94
    _, reverse = history.least_squares(
        np.column_stack([ones, child]), parent, sample_weight=count
    )
    assert round(reverse, 4) == 0.3256
    correlation = np.sqrt(slope * reverse)  # the two slopes multiply to r squared
    assert round(correlation, 4) == 0.4588
    assert np.isclose(
        correlation,
        np.corrcoef(np.repeat(parent, count), np.repeat(child, count))[0, 1],
    )


# --- The methods on their own ---------------------------------------------------------


def test_least_squares_agrees_with_numpy_and_uses_weights():
    rng = np.random.default_rng(5)
    design, target, weights = (
        rng.normal(size=(30, 3)),
        rng.normal(size=30),
        rng.uniform(0.1, 2, 30),
    )
    assert np.allclose(
        history.least_squares(design, target),
        np.linalg.lstsq(design, target, rcond=None)[0],
    )
    root = np.sqrt(weights)
    expected = np.linalg.lstsq(design * root[:, None], target * root, rcond=None)[0]
    assert np.allclose(
        history.least_squares(design, target, sample_weight=weights), expected
    )
    repeated = history.least_squares(np.repeat(design, 2, axis=0), np.repeat(target, 2))
    assert np.allclose(
        repeated, history.least_squares(design, target, sample_weight=np.full(30, 2))
    )


@pytest.mark.parametrize(
    "call, message",
    [
        (
            lambda: history.least_squares([[1, 2], [2, 4], [3, 6]], [1, 2, 3]),
            "design must have full column rank",
        ),
        (
            lambda: history.least_squares([[1, 0], [1, 1]], [1, 2, 3]),
            "same number of rows, got 2 and 3",
        ),
        (
            lambda: history.least_squares(
                [[1, 0], [1, 1]], [1, 2], sample_weight=[1, -1]
            ),
            "sample_weight must be non-negative",
        ),
        (
            lambda: history.least_squares([[1, 0], [1, 1]], [[1], [2]]),
            "target must be 1-D",
        ),
        (
            lambda: history.boscovich_rule([1, 1, 1], [1, 2, 3]),
            "x must not be constant",
        ),
        (
            lambda: history.least_absolute_deviations([[1, 2], [2, 3]], [1, 2]),
            "x must be 1-D",
        ),
        (
            lambda: history.mayer_averages(
                [[1, 0], [1, 1], [1, 2]], [1, 2, 3], ["a", "a", "a"]
            ),
            "as many labels as unknowns (2), got 1",
        ),
        (
            lambda: history.mayer_averages([[1, 0], [1, 1]], [1, 2], ["a"]),
            "one label per equation (2)",
        ),
        (
            lambda: history.mayer_averages(
                [[1, 0], [0, 1], [0, 1], [1, 0]], [1, 2, 3, 4], [0, 0, 1, 1]
            ),
            "linearly dependent",
        ),
        (
            lambda: history.ellipticity(1, 1, at="pole"),
            "at must be 'equator' or 'mean'",
        ),
    ],
)
def test_methods_reject_bad_input(call, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        call()


def test_least_squares_rejects_text():
    with pytest.raises(TypeError, match="design must hold real numbers"):
        history.least_squares([["a", "b"]], [1])


def _lad_by_linear_programming(x, y, through_centre=False):
    """The least sum of absolute residuals of a line, by a linear program (scipy as the
    reference).
    """
    n = len(x)
    # variables: intercept, slope, then u_i >= |y_i - a - b x_i|
    cost = np.r_[0, 0, np.ones(n)]
    fit = np.column_stack([np.ones(n), x])
    upper = np.block([[fit, -np.eye(n)], [-fit, -np.eye(n)]])
    bounds = [(None, None)] * 2 + [(0, None)] * n
    equality = (
        {"A_eq": [np.r_[n, x.sum(), np.zeros(n)]], "b_eq": [y.sum()]}
        if through_centre
        else {}
    )
    result = linprog(cost, A_ub=upper, b_ub=np.r_[y, -y], bounds=bounds, **equality)
    return result.fun


@pytest.mark.parametrize("seed", range(6))
def test_boscovich_and_lad_are_optimal(seed):
    rng = np.random.default_rng(seed)
    x = rng.uniform(0, 1, 9)
    y = 3 + 2 * x + rng.standard_t(2, 9)
    a, b = history.boscovich_rule(x, y)
    residuals = y - a - b * x
    assert abs(residuals.sum()) < 1e-9
    assert np.isclose(
        np.abs(residuals).sum(), _lad_by_linear_programming(x, y, through_centre=True)
    )
    a, b = history.least_absolute_deviations(x, y)
    assert np.isclose(np.abs(y - a - b * x).sum(), _lad_by_linear_programming(x, y))


def test_mayer_averages_solves_the_summed_equations():
    design = np.array([[1.0, 2.0], [1.0, 3.0], [1.0, -1.0], [1.0, 0.0], [1.0, 5.0]])
    target = np.array([1.0, 2.0, 0.5, 0.0, 4.0])
    solution = history.mayer_averages(design, target, ["b", "b", "a", "a", "b"])
    assert np.allclose([[2, -1], [3, 10]] @ solution, [0.5, 7])


def test_angle_conversions():
    assert history.dms_to_degrees(42, 17, 20) == pytest.approx(42 + 17 / 60 + 20 / 3600)
    assert (
        history.dms_to_degrees(-3, 45) == -3.75
        and history.dms_to_degrees(0, -45) == -0.75
    )
    assert history.format_dms(history.dms_to_degrees(47, 30, 46)) == "47°30′46″"
    assert (
        history.format_dms(-0.0002) == "-0°00′01″"
        and history.format_dms(-0.0001) == "0°00′00″"
    )
    assert (
        history.format_dms(1.99999) == "2°00′00″"
        and history.format_dms(0.5, seconds=False) == "0°30′"
    )


def test_ellipticity_of_a_sphere_is_zero_and_both_forms_agree_to_first_order():
    assert history.ellipticity(57000, 0) == 0
    small = history.ellipticity(57000, 1.0), history.ellipticity(57000, 1.0, at="mean")
    assert np.isclose(*small, rtol=1e-4)


# --- The Boscovich exercises ----------------------------------------------------------


def weighted_median_rule(x, y):
    dx, dy = x - x.mean(), y - y.mean()
    keep = dx != 0
    slopes, weights = dy[keep] / dx[keep], np.abs(dx[keep])
    order = np.argsort(slopes)
    half = np.cumsum(weights[order]) >= weights.sum() / 2
    slope = slopes[order][np.argmax(half)]
    return y.mean() - slope * x.mean(), slope


def brute_force_rule(x, y):
    best = min(
        (
            (y[i] - y.mean()) / (x[i] - x.mean())
            for i in range(len(x))
            if x[i] != x.mean()
        ),
        key=lambda b: np.abs(y - y.mean() - b * (x - x.mean())).sum(),
    )
    return y.mean() - best * x.mean(), best


@pytest.mark.parametrize(
    "answer", [history.boscovich_rule, weighted_median_rule, brute_force_rule]
)
def test_boscovich_rule_exercise_accepts_correct_rules(answer):
    assert exercises.boscovich_rule.check(answer).passed is True


def ols_line(x, y):
    return tuple(history.least_squares(np.column_stack([np.ones(len(x)), x]), y))


def plain_median_rule(x, y):
    dx, dy = x - x.mean(), y - y.mean()
    slope = np.median(dy / dx)
    return y.mean() - slope * x.mean(), slope


@pytest.mark.parametrize(
    "answer, explanation",
    [
        (ols_line, "(37.4261, 723.44) is the least-squares line"),
        (
            history.least_absolute_deviations,
            "(51, 800.143) minimises the absolute residuals without the first "
            "condition",
        ),
        (
            plain_median_rule,
            "uses the plain median of the slopes from the centre; weight each slope by "
            "|x_i - mean x|.",
        ),
        (
            lambda x, y: history.boscovich_rule(x, y)[::-1],
            "has intercept and slope swapped",
        ),
        (
            lambda x, y: (y.mean() - x.mean(), 1.0),
            "passes through the centre, but the slope 692.283 gives a smaller sum",
        ),
        (lambda x, y: (0.0, 700.0), "has residuals summing to 238.19, not 0"),
        (lambda x, y: None, "your function returned None"),
        (lambda x, y: (np.nan, 1.0), "your line (nan, 1) is not finite"),
        (
            lambda x, y: ("a", "b"),
            "your function returned 'a' among its values, not a number.",
        ),
        (
            lambda x, y: (1.0, 2.0, 3.0),
            "should return two numbers, (intercept, slope); got shape (3,)",
        ),
        (lambda x, y: x[10], "your answer raised IndexError"),
        (
            (51.0, 692.28),
            "pass the function itself, check(my_rule), not its result (got tuple).",
        ),
    ],
)
def test_boscovich_rule_exercise_explains_each_mistake(answer, explanation):
    feedback = exercises.boscovich_rule.check(answer)
    assert feedback.passed is False and explanation in repr(feedback)


def test_boscovich_rule_exercise_catches_a_rule_right_only_on_the_arcs():
    feedback = exercises.boscovich_rule.check(lambda x, y: (51.0, 692.2829729605655))
    assert not feedback and "x=[0.0, 1.0, 2.0, 3.0, 4.0]" in repr(feedback)


def test_boscovich_rule_exercise_solution_passes():
    namespace = {"np": np}
    exec(
        repr(exercises.boscovich_rule.solution()).removeprefix("Solution:\n"), namespace
    )
    assert exercises.boscovich_rule.check(namespace["my_rule"]).passed is True
    assert repr(exercises.boscovich_rule.hint()).startswith("Hint: move the origin")


@pytest.mark.parametrize(
    "answer, explanation",
    [
        (245.93, None),
        (np.float64(245.9), None),
        (245.8, "245.8 is not 1/e from Boscovich's line"),
        (0.0040662, "is e itself; the question asks for 1/e."),
        (0.221009, "forgets that y is the degree length minus 56 700 toises"),
        (235.28, "comes from the least-squares line"),
        (212.78, "comes from the unconstrained least-absolute-deviations line"),
        (247.43, "measures against the mean degree"),
        ("245.9", "give 1/e as a number (got str)."),
        (None, "give 1/e as a number (got NoneType)."),
    ],
)
def test_boscovich_ellipticity_exercise(answer, explanation):
    feedback = exercises.boscovich_ellipticity.check(answer)
    if explanation is None:
        assert feedback.passed is True
    else:
        assert feedback.passed is False and explanation in repr(feedback)


# --- Regression tests for the adversarial search of the package (inputs at the limits)


@pytest.mark.parametrize("name", history.names())
def test_changing_a_loaded_table_changes_no_later_load(name):
    table = history.load(name)
    column = table.columns[0]
    table.units[column] = "X"
    table.caveats.append("Y")
    table[column][...] = 0
    fresh = history.load(name)
    assert fresh.units[column] != "X" and "Y" not in fresh.caveats
    assert (
        fresh[column].any() or name == "galton_1886"
    )  # a column of zeros exists nowhere else


def test_a_column_key_must_be_a_name():
    table = history.load("legendre_1805")
    with pytest.raises(
        TypeError, match=r"column must be a column name \(a str\), got list: \['S'\]"
    ):
        table[["S"]]


@pytest.mark.parametrize("scale", [1e-200, 1.0, 1e200])
def test_least_squares_at_any_scale(scale):
    design = np.array([[1.0, 0.0], [1.0, 1.0], [1.0, 2.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        np.testing.assert_allclose(
            history.least_squares(design * scale, [1.0, 2.0, 4.0]),
            np.array([5 / 6, 1.5]) / scale,
            rtol=1e-14,
        )
        np.testing.assert_allclose(
            history.least_squares(design, np.array([1.0, 2.0, 4.0]) * scale),
            np.array([5 / 6, 1.5]) * scale,
            rtol=1e-14,
        )
        weighted = history.least_squares(
            design, [1.0, 2.0, 4.0], sample_weight=np.array([1.0, 2.0, 1.0]) * scale
        )
    np.testing.assert_allclose(
        weighted,
        history.least_squares(design, [1.0, 2.0, 4.0], sample_weight=[1.0, 2.0, 1.0]),
        rtol=1e-14,
    )


@pytest.mark.parametrize("scale", [5e-324 * 2**60, 1e-300, 1.0, 1e300, 1e307])
def test_least_absolute_deviations_at_any_scale(scale):
    x, y = np.array([0.0, 1.0, 2.0, 3.0, 4.0]), np.array([0.0, 1.0, 2.0, 3.0, 10.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        intercept, slope = history.least_absolute_deviations(x * scale, y * scale)
    assert (intercept, slope) == (0.0, 1.0)
    x_signed = np.array([-1.0, 0.0, 1.0]) * scale
    assert history.least_absolute_deviations(x_signed, [1.0, 2.0, 3.0]) == (
        2.0,
        pytest.approx(1 / scale, rel=1e-15),
    )


def test_mayer_and_dms_refuse_masks_ragged_labels_and_longdouble_overflow():
    # a masked group label was read as its underlying value (here the fit of
    # groups [0, 0, 1, 1] instead of an error); dms_to_degrees read masked parts
    design, target = [[1, 0], [1, 1], [1, 2], [1, 3]], [0, 1, 3, 4]
    masked = np.ma.array([0, 0, 1, 1], mask=[0, 0, 0, 1])
    with pytest.raises(ValueError, match="groups is a masked array with masked"):
        history.mayer_averages(design, target, masked)
    with pytest.raises(ValueError, match="groups is ragged"):
        history.mayer_averages(design, target, [[0, 0], [1], [1], [1]])
    assert history.mayer_averages(
        design, target, np.ma.array([0, 0, 1, 1])
    ).tolist() == [
        -0.25,
        1.5,
    ]
    with pytest.raises(ValueError, match="minutes is a masked array with masked"):
        history.dms_to_degrees([1, 2], np.ma.array([10, 20], mask=[0, 1]))
    with pytest.raises(ValueError, match="degrees is ragged"):
        history.dms_to_degrees([[1, 2], [3]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no "overflow encountered in cast"
        with pytest.raises(
            ValueError,
            match=re.escape("seconds is beyond the float64 range, got 1e+400"),
        ):
            history.dms_to_degrees(1, 2, np.longdouble("1e400"))
    assert history.dms_to_degrees(1, np.longdouble(30)) == 1.5


def test_mayer_groups_must_sort():
    with pytest.raises(
        TypeError, match="groups must hold labels that sort .* got dict"
    ):
        history.mayer_averages(
            [[1, 0], [1, 1], [1, 2], [1, 3]], [0, 1, 3, 4], [{}, {}, {}, {}]
        )


@pytest.mark.parametrize(
    "arguments, error, message",
    [
        (
            (None,),
            TypeError,
            "degrees must be a number or an array of numbers, got None",
        ),
        (
            ("49",),
            TypeError,
            "degrees must be a number or an array of numbers, got the string '49'",
        ),
        ((float("nan"),), ValueError, "degrees must be finite, got nan"),
        (
            (True,),
            TypeError,
            "degrees must be a number or an array of numbers, got bool",
        ),
        ((1, [np.True_]), TypeError, "minutes must be a number or an array of numbers"),
        ((10, 75), ValueError, "minutes must be below 60 in magnitude, got 75.0"),
        ((10, 5, 60), ValueError, "seconds must be below 60 in magnitude, got 60.0"),
        (
            (3, -45),
            ValueError,
            "only the leading non-zero part of an angle carries its sign",
        ),
        (
            (-3, -45),
            ValueError,
            "only the leading non-zero part of an angle carries its sign",
        ),
        (
            (0, 3, -4),
            ValueError,
            "only the leading non-zero part of an angle carries its sign",
        ),
    ],
)
def test_dms_to_degrees_refuses_what_is_not_an_angle(arguments, error, message):
    with pytest.raises(error, match=re.escape(message)):
        history.dms_to_degrees(*arguments)


def test_dms_to_degrees_signs():
    assert history.dms_to_degrees(0, -45) == -0.75
    assert history.dms_to_degrees(0, 0, -36) == -0.01
    np.testing.assert_allclose(
        history.dms_to_degrees([-3, 0], [45, -30]), [-3.75, -0.5]
    )


@pytest.mark.parametrize(
    "angle, error, message",
    [
        (float("inf"), ValueError, "angle must be finite, got inf"),
        (float("nan"), ValueError, "angle must be finite, got nan"),
        (None, TypeError, "angle must be a real number, got None"),
        ("1", TypeError, "angle must be a real number, got '1'"),
    ],
)
def test_format_dms_names_the_angle(angle, error, message):
    with pytest.raises(error, match=re.escape(message)):
        history.format_dms(angle)


def test_ellipticity_refuses_a_zero_reference_and_non_numbers():
    with pytest.raises(ValueError, match="intercept must not be 0"):
        history.ellipticity(0, 723.4)
    with pytest.raises(
        ValueError, match=r"intercept \+ slope / 2 \(the mean degree\) must not be 0"
    ):
        history.ellipticity(-1, 2, at="mean")
    with pytest.raises(ValueError, match="intercept must be finite, got nan"):
        history.ellipticity(float("nan"), 2)
    with pytest.raises(TypeError, match="slope must be a real number, got None"):
        history.ellipticity(1.0, None)


def test_format_dms_refuses_angles_too_large_to_write():
    with pytest.raises(ValueError, match="angle is too large to write"):
        history.format_dms(-1e308)


def test_options_are_keyword_only():
    with pytest.raises(TypeError, match="positional"):
        history.least_squares([[1, 0], [1, 1], [1, 2]], [1, 2, 4], [1, 1, 1])
    with pytest.raises(TypeError, match="positional"):
        history.format_dms(14.5583, False)
    with pytest.raises(TypeError, match="positional"):
        history.ellipticity(56737.4, 723.4, "mean")
