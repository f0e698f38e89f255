"""podsim.Quantity: exact Kubernetes quantity semantics through the C core."""

from __future__ import annotations

import copy
import json
import pickle
from fractions import Fraction

import pytest

import podsim
from podsim import _podsim

from podsim_testdata import SHARED_DIR

GOLDEN = SHARED_DIR / "golden" / "scheduler-cases.json"


def _golden():
    if not GOLDEN.is_file():
        return None
    with open(GOLDEN, encoding="utf-8") as f:
        return json.load(f)


_G = _golden()
needs_golden = pytest.mark.skipif(_G is None, reason=f"{GOLDEN} is absent")

TRIPLES = _G["quantity"] if _G else []
DETAILS = _G["quantity_details"]["cases"] if _G else []
INVALID = _G["quantity_details"]["invalid_inputs"] if _G else []


def _milli_or_none(q: podsim.Quantity):
    try:
        return q.milli
    except podsim.RangeError:
        return None


def _value_or_none(q: podsim.Quantity):
    try:
        return q.value
    except podsim.RangeError:
        return None


# ---- golden cases ---------------------------------------------------------------


@needs_golden
@pytest.mark.parametrize("text,milli,canonical", TRIPLES, ids=[t[0] for t in TRIPLES])
def test_golden_triple(text, milli, canonical):
    q = podsim.Quantity(text)
    assert _milli_or_none(q) == milli
    assert str(q) == canonical
    # the canonical string reads back to the same value
    assert podsim.Quantity(canonical) == q


@needs_golden
@pytest.mark.parametrize("case", DETAILS, ids=[c["input"] for c in DETAILS])
def test_golden_details(case):
    q = podsim.Quantity(case["input"])
    assert q.format == case["format"]
    assert _value_or_none(q) == case["value"]
    assert _milli_or_none(q) == case["milliValue"]
    assert str(q) == case["canonical"]
    # value_exact is "n" or "n/d (= decimal)"
    exact = Fraction(case["value_exact"].split(" ")[0])
    assert Fraction(q.mantissa) * Fraction(10) ** q.exponent == exact


@needs_golden
@pytest.mark.parametrize("text", INVALID, ids=[repr(t) for t in INVALID])
def test_golden_invalid(text):
    with pytest.raises(podsim.Error) as info:
        podsim.Quantity(text)
    assert isinstance(info.value, ValueError)
    assert info.value.status == "PODSIM_EINVAL"
    assert info.value.code > 0
    assert text in str(info.value) or text == ""


# ---- Python behaviour ---------------------------------------------------------------


def test_basic_values():
    q = podsim.Quantity("1.5Gi")
    assert q.milli == 1610612736000
    assert q.value == 1610612736
    assert q.format == "BinarySI"
    assert str(q) == "1536Mi"
    assert repr(q) == "Quantity('1536Mi')"
    assert podsim.Quantity("100m").milli == 100
    assert podsim.Quantity("100m").value == 1  # rounded up


def test_from_int_and_quantity():
    assert podsim.Quantity(3) == podsim.Quantity("3")
    assert podsim.Quantity(3).format == "DecimalSI"
    q = podsim.Quantity("2Ki")
    assert podsim.Quantity(q) == q
    assert podsim.Quantity() == 0
    assert podsim.Quantity(1024, format="BinarySI").format == "BinarySI"
    assert str(podsim.Quantity(1024, format="BinarySI")) == "1Ki"


def test_from_milli():
    q = podsim.Quantity.from_milli(1500)
    assert q.milli == 1500
    assert str(q) == "1500m"
    assert podsim.Quantity.from_milli(2000) == 2


@pytest.mark.parametrize("bad", [1.5, None, [1], b"1", True])
def test_rejects_other_types(bad):
    with pytest.raises(TypeError):
        podsim.Quantity(bad)


def test_unknown_format():
    with pytest.raises(ValueError):
        podsim.Quantity("1", format="Binary")


def test_too_many_digits_is_range_error():
    with pytest.raises(podsim.RangeError) as info:
        podsim.Quantity("1234567890123456789012345")
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, OverflowError)
    assert info.value.status == "PODSIM_ERANGE"


def test_equality_ignores_format():
    assert podsim.Quantity("1Gi") == podsim.Quantity("1024Mi")
    assert podsim.Quantity("1k") == podsim.Quantity("1000")
    assert podsim.Quantity("1e3") == podsim.Quantity("1k")
    assert podsim.Quantity("1") != podsim.Quantity("1001m")
    assert podsim.Quantity("1") == 1
    assert podsim.Quantity("500m") != 0
    assert podsim.Quantity("1") != "1"  # no implicit str parsing


def test_hash_consistent_with_equality():
    a, b = podsim.Quantity("1Gi"), podsim.Quantity("1024Mi")
    assert hash(a) == hash(b)
    assert len({a, b, podsim.Quantity("1073741824")}) == 1
    assert hash(podsim.Quantity(7)) == hash(7)
    assert hash(podsim.Quantity("500m")) == hash(Fraction(1, 2))
    assert hash(podsim.Quantity("-3m")) == hash(Fraction(-3, 1000))
    assert {podsim.Quantity("2"): "x"}[2] == "x"


def test_total_ordering():
    values = [podsim.Quantity(s) for s in ["1Gi", "100m", "0", "1", "999Mi", "-1"]]
    ordered = sorted(values)
    assert [str(v) for v in ordered] == ["-1", "0", "100m", "1", "999Mi", "1Gi"]
    assert podsim.Quantity("1") < podsim.Quantity("1001m") <= podsim.Quantity("2")
    assert podsim.Quantity("2") > 1 >= podsim.Quantity("1")
    assert max(values) == podsim.Quantity("1Gi")
    with pytest.raises(TypeError):
        podsim.Quantity("1") < "2"  # noqa: B015


def test_addition_and_sum():
    a = podsim.Quantity("1Gi") + podsim.Quantity("512Mi")
    assert str(a) == "1536Mi"
    assert a.format == "BinarySI"  # the format of the left operand
    assert str(podsim.Quantity("100m") + 1) == "1100m"
    assert str(1 + podsim.Quantity("100m")) == "1100m"
    total = sum(podsim.Quantity(s) for s in ["100m", "200m", "700m"])
    assert total == 1
    assert sum([], podsim.Quantity(0)) == 0
    assert podsim.Quantity("1") - podsim.Quantity("250m") == podsim.Quantity("750m")
    assert -podsim.Quantity("1") == podsim.Quantity("-1")
    assert abs(podsim.Quantity("-2")) == 2


def test_immutable():
    q = podsim.Quantity("1")
    with pytest.raises(AttributeError):
        q.mantissa = 2  # type: ignore[misc]
    with pytest.raises(AttributeError):
        q.foo = 1  # type: ignore[attr-defined]
    assert copy.copy(q) is q
    assert copy.deepcopy(q) is q


def test_pickle_roundtrip():
    for s in ["1536Mi", "100m", "12e6", "0"]:
        q = podsim.Quantity(s)
        r = pickle.loads(pickle.dumps(q))
        assert r == q and r.format == q.format and str(r) == str(q)


def test_float_and_bool():
    assert float(podsim.Quantity("1.5")) == 1.5
    assert float(podsim.Quantity("2Ki")) == 2048.0
    assert not podsim.Quantity("0")
    assert podsim.Quantity("1n")


def test_milli_overflow_is_range_error():
    q = podsim.Quantity("8Ei")
    with pytest.raises(podsim.RangeError):
        _ = q.milli


# ---- the low-level functions -------------------------------------------------------


def test_low_level_quantity_functions():
    t = _podsim.quantity_parse("1.5Gi")
    assert isinstance(t, tuple) and len(t) == 3
    assert t[2] == "BinarySI"
    assert _podsim.quantity_format(*t) == "1536Mi"
    assert _podsim.quantity_milli(*t) == 1610612736000
    assert _podsim.quantity_value(*t) == 1610612736
    assert _podsim.quantity_cmp(t, _podsim.quantity_parse("1536Mi")) == 0
    assert _podsim.quantity_cmp(_podsim.quantity_parse("1"), t) == -1
    s = _podsim.quantity_add(_podsim.quantity_parse("1"), _podsim.quantity_parse("500m"))
    assert _podsim.quantity_format(*s) == "1500m"
    assert _podsim.quantity_from_milli(1500, "DecimalSI") == _podsim.quantity_parse("1.5")
    assert _podsim.quantity_parse("0") == (0, 0, "DecimalSI")
    with pytest.raises(podsim.InvalidArgument):
        _podsim.quantity_format(1, 0, "NoSuchFormat")
    with pytest.raises(TypeError):
        _podsim.quantity_parse(b"1")  # type: ignore[arg-type]
