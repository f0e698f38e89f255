"""Quantity: an exact Kubernetes resource quantity backed by podsim's C code.

Every operation (parsing, canonical formatting, MilliValue, Value, addition,
comparison) is done by the C library; this class only gives it Python
manners: immutable, hashable, totally ordered, ``+`` and ``sum()``.
"""

from __future__ import annotations

import sys
from typing import Any, Tuple, Union

from . import _podsim

__all__ = ["Quantity", "QuantityLike"]

_Triple = Tuple[int, int, str]

_HASH_MODULUS = sys.hash_info.modulus

#: The format names, in podsim_qformat order ("DecimalSI", "BinarySI",
#: "DecimalExponent"), read from the library.
FORMATS: Tuple[str, ...] = tuple(
    name
    for name in (
        _podsim.enum_name(_podsim.ENUM_QUANTITY_FORMAT, v) for v in range(8)
    )
    if name is not None
)


class Quantity:
    """An exact Kubernetes quantity, as ``resource.Quantity`` in Go.

    ``Quantity("1.5Gi")``, ``Quantity("100m")``, ``Quantity(3)`` (an int is
    a whole number of units). Equality and ordering compare values exactly
    and ignore the format, so ``Quantity("1Gi") == Quantity("1024Mi")``.

    >>> q = Quantity("1.5Gi")
    >>> str(q), q.milli, q.value, q.format
    ('1536Mi', 1610612736000, 1610612736, 'BinarySI')
    """

    __slots__ = ("_mantissa", "_exponent", "_format")

    _mantissa: int
    _exponent: int
    _format: str

    def __init__(self, value: QuantityLike = 0, format: str | None = None) -> None:
        if isinstance(value, Quantity):
            triple: _Triple = value._triple
        elif isinstance(value, str):
            triple = _podsim.quantity_parse(value)
        elif isinstance(value, bool):
            raise TypeError("Quantity() takes a str, an int or a Quantity, not bool")
        elif isinstance(value, int):
            triple = _podsim.quantity_parse(str(value))
        else:
            raise TypeError(
                "Quantity() takes a str, an int or a Quantity, not "
                f"{type(value).__name__} (floats are inexact: pass a string)"
            )
        mantissa, exponent, fmt = triple
        if format is not None:
            if format not in FORMATS:
                raise ValueError(
                    f"unknown quantity format {format!r} (expected one of "
                    f"{', '.join(FORMATS)})"
                )
            fmt = format
        object.__setattr__(self, "_mantissa", mantissa)
        object.__setattr__(self, "_exponent", exponent)
        object.__setattr__(self, "_format", fmt)

    # ---- construction from the C representation ---------------------------

    @classmethod
    def _from_triple(cls, triple: _Triple) -> Quantity:
        q = object.__new__(cls)
        object.__setattr__(q, "_mantissa", triple[0])
        object.__setattr__(q, "_exponent", triple[1])
        object.__setattr__(q, "_format", triple[2])
        return q

    @classmethod
    def from_milli(cls, milli: int, format: str = "DecimalSI") -> Quantity:
        """The quantity ``milli / 1000`` in ``format`` (exact)."""
        return cls._from_triple(_podsim.quantity_from_milli(milli, format))

    @property
    def _triple(self) -> _Triple:
        return (self._mantissa, self._exponent, self._format)

    # ---- values -------------------------------------------------------------

    @property
    def mantissa(self) -> int:
        """value = mantissa x 10**exponent (normalised, no trailing zero)."""
        return self._mantissa

    @property
    def exponent(self) -> int:
        return self._exponent

    @property
    def format(self) -> str:
        """"DecimalSI", "BinarySI" or "DecimalExponent"."""
        return self._format

    @property
    def milli(self) -> int:
        """MilliValue(): ceil(value x 1000), away from zero.

        Raises podsim.RangeError when it does not fit in int64."""
        return _podsim.quantity_milli(*self._triple)

    @property
    def value(self) -> int:
        """Value(): the value rounded up to an integer, away from zero.

        Raises podsim.RangeError when it does not fit in int64."""
        return _podsim.quantity_value(*self._triple)

    def __str__(self) -> str:
        return _podsim.quantity_format(*self._triple)

    def __repr__(self) -> str:
        return f"Quantity({str(self)!r})"

    def __float__(self) -> float:
        if self._exponent >= 0:
            return float(self._mantissa * 10**self._exponent)
        return float(self._mantissa / 10 ** (-self._exponent))

    def __bool__(self) -> bool:
        return self._mantissa != 0

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Quantity is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError("Quantity is immutable")

    def __reduce__(self) -> tuple[Any, ...]:
        return (Quantity, (str(self), self._format))

    def __copy__(self) -> Quantity:
        return self

    def __deepcopy__(self, memo: Any) -> Quantity:
        return self

    # ---- comparison -----------------------------------------------------------

    def _cmp(self, other: object) -> int | None:
        if isinstance(other, Quantity):
            o = other
        elif isinstance(other, int) and not isinstance(other, bool):
            try:
                o = Quantity(other)
            except _podsim.Error:
                # beyond what a quantity holds: compare as integers
                return (self.value > other) - (self.value < other)
        else:
            return None
        return _podsim.quantity_cmp(self._triple, o._triple)

    def __eq__(self, other: object) -> bool:
        c = self._cmp(other)
        if c is None:
            return NotImplemented
        return c == 0

    def __ne__(self, other: object) -> bool:
        c = self._cmp(other)
        if c is None:
            return NotImplemented
        return c != 0

    def __lt__(self, other: object) -> bool:
        c = self._cmp(other)
        if c is None:
            return NotImplemented
        return c < 0

    def __le__(self, other: object) -> bool:
        c = self._cmp(other)
        if c is None:
            return NotImplemented
        return c <= 0

    def __gt__(self, other: object) -> bool:
        c = self._cmp(other)
        if c is None:
            return NotImplemented
        return c > 0

    def __ge__(self, other: object) -> bool:
        c = self._cmp(other)
        if c is None:
            return NotImplemented
        return c >= 0

    def __hash__(self) -> int:
        # Equal to hash() of the same value as an int or a Fraction, so that
        # Quantity(3) == 3 and hash(Quantity(3)) == hash(3) agree.
        m, e = self._mantissa, self._exponent
        while m and m % 10 == 0:  # already normalised by the C library
            m //= 10
            e += 1
        if e >= 0:
            h = abs(m) * pow(10, e, _HASH_MODULUS) % _HASH_MODULUS
        else:
            inv = pow(pow(10, -e, _HASH_MODULUS), -1, _HASH_MODULUS)
            h = abs(m) * inv % _HASH_MODULUS
        if m < 0:
            h = -h
        return -2 if h == -1 else h

    # ---- arithmetic -------------------------------------------------------------

    def __add__(self, other: object) -> Quantity:
        if isinstance(other, Quantity):
            o = other
        elif isinstance(other, int) and not isinstance(other, bool):
            o = Quantity(other)
        else:
            return NotImplemented
        return Quantity._from_triple(_podsim.quantity_add(self._triple, o._triple))

    def __radd__(self, other: object) -> Quantity:
        if isinstance(other, int) and not isinstance(other, bool):
            if other == 0:  # sum() starts from 0
                return self
            return Quantity(other) + self
        return NotImplemented

    def __neg__(self) -> Quantity:
        return Quantity._from_triple((-self._mantissa, self._exponent, self._format))

    def __pos__(self) -> Quantity:
        return self

    def __abs__(self) -> Quantity:
        return -self if self._mantissa < 0 else self

    def __sub__(self, other: object) -> Quantity:
        if isinstance(other, Quantity):
            return self + (-other)
        if isinstance(other, int) and not isinstance(other, bool):
            return self + (-Quantity(other))
        return NotImplemented

    def __rsub__(self, other: object) -> Quantity:
        if isinstance(other, int) and not isinstance(other, bool):
            return Quantity(other) + (-self)
        return NotImplemented


QuantityLike = Union[Quantity, str, int]
