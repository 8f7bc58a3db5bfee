"""`trackmd.core.record.NamedTuple` against `typing.NamedTuple`: the same class, made
without checking each annotation (README "Speed")."""

from __future__ import annotations

import ast
import collections
import keyword
import pickle
import typing

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import ROOT
from trackmd.core import record


class Point(record.NamedTuple):
    """A point."""

    x: int
    y: int = 0
    tags: tuple[str, ...] = ()

    @property
    def norm(self) -> int:
        return abs(self.x) + abs(self.y)

    def moved(self, by: int) -> Point:
        return self._replace(x=self.x + by)

    @classmethod
    def origin(cls) -> Point:
        return cls(0)


class TypingPoint(typing.NamedTuple):
    """A point."""

    x: int
    y: int = 0
    tags: tuple[str, ...] = ()

    @property
    def norm(self) -> int:
        return abs(self.x) + abs(self.y)

    def moved(self, by: int) -> TypingPoint:
        return self._replace(x=self.x + by)

    @classmethod
    def origin(cls) -> TypingPoint:
        return cls(0)


def test_the_class_is_the_one_typing_makes() -> None:
    for name in ("_fields", "_field_defaults", "__match_args__", "__doc__", "__slots__"):
        assert getattr(Point, name) == getattr(TypingPoint, name), name
    assert Point.__mro__[1:] == TypingPoint.__mro__[1:] == (tuple, object)
    assert Point.__module__ == TypingPoint.__module__ == __name__
    assert Point.__qualname__ == "Point"
    assert list(Point.__annotations__) == list(TypingPoint.__annotations__)


def test_records_behave_as_typings() -> None:
    ours, theirs = Point(3, -4, ("a",)), TypingPoint(3, -4, ("a",))
    assert tuple(ours) == tuple(theirs) and hash(ours) == hash(theirs)
    assert repr(ours) == repr(theirs).replace("TypingPoint", "Point")
    assert ours.norm == theirs.norm == 7
    assert tuple(ours.moved(2)) == tuple(theirs.moved(2)) == (5, -4, ("a",))
    assert tuple(Point.origin()) == tuple(TypingPoint.origin()) == (0, 0, ())
    assert Point(x=1) == Point(1, 0, ()) and Point._make([1, 2, ()]) == Point(1, 2)
    assert ours._asdict() == theirs._asdict()
    assert pickle.loads(pickle.dumps(ours)) == ours
    assert type(pickle.loads(pickle.dumps(ours))) is Point
    match ours:
        case Point(x, y):
            assert (x, y) == (3, -4)
    with pytest.raises(AttributeError):
        ours.x = 1  # type: ignore[misc]
    with pytest.raises(TypeError):
        Point()  # type: ignore[call-arg]


def test_wrong_classes_are_refused_as_typing_refuses_them() -> None:
    with pytest.raises(TypeError, match="non-default"):
        exec("class Bad(NamedTuple):\n a: int = 1\n b: int\n", {"NamedTuple": record.NamedTuple})
    with pytest.raises(AttributeError, match="_replace"):
        exec(
            "class Bad(NamedTuple):\n a: int\n def _replace(self): pass\n",
            {"NamedTuple": record.NamedTuple},
        )
    with pytest.raises(TypeError, match="alone"):
        exec("class Bad(NamedTuple, int):\n a: int\n", {"NamedTuple": record.NamedTuple})
    with pytest.raises(TypeError, match="base class only"):
        record.NamedTuple("Bad", [("a", int)])


def test_no_module_makes_its_records_with_typing() -> None:
    """Else that module pays typing's checks again at every start."""
    using = []
    for path in sorted((ROOT / "src" / "trackmd").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.ImportFrom)
                and node.module == "typing"
                and path.name != "record.py"
                and "NamedTuple" in {a.name for a in node.names}
            ):
                using.append(path.name)
    assert not using


@given(
    st.lists(st.from_regex(r"[a-z][a-z0-9_]{0,6}", fullmatch=True), max_size=12, unique=True),
    st.data(),
)
def test_any_fields_make_what_namedtuple_makes(names: list[str], data: st.DataObject) -> None:
    """Ours compiles one `__new__` for each number of fields and renames its arguments:
    held to `collections.namedtuple` for any fields, defaults and call."""
    fields = [f for f in names if not keyword.iskeyword(f)]
    first_default = len(fields) - data.draw(st.integers(0, len(fields)))
    defaults = [100 + i for i in range(first_default, len(fields))]
    lines = [
        f" {f}: int" + (f" = {100 + i}" if i >= first_default else "") for i, f in enumerate(fields)
    ]
    space: dict[str, object] = {"NamedTuple": record.NamedTuple, "__name__": "here"}
    exec("class R(NamedTuple):\n" + ("\n".join(lines) or " pass") + "\n", space)
    ours = space["R"]
    theirs = collections.namedtuple("R", fields, defaults=defaults, module="here")  # type: ignore[misc]
    assert isinstance(ours, type)
    for name in ("_fields", "_field_defaults", "__match_args__", "__doc__", "__module__"):
        assert getattr(ours, name) == getattr(theirs, name), name
    for name in ("__defaults__", "__doc__"):
        assert getattr(ours.__new__, name) == getattr(theirs.__new__, name), name
    values = list(range(data.draw(st.integers(first_default, len(fields)))))
    if data.draw(st.booleans()):
        made, want = (
            ours(**dict(zip(fields, values, strict=False))),
            theirs(**dict(zip(fields, values, strict=False))),
        )
    else:
        made, want = ours(*values), theirs(*values)
    assert tuple(made) == tuple(want) and repr(made) == repr(want)
    assert made._asdict() == want._asdict()
    assert [getattr(made, f) for f in fields] == [getattr(want, f) for f in fields]
    if fields:
        changed = {fields[-1]: -1}
        assert tuple(made._replace(**changed)) == tuple(want._replace(**changed))
    with pytest.raises(TypeError):
        ours(*range(len(fields) + 1))
    with pytest.raises(ValueError, match="unexpected"):
        made._replace(zz_not_a_field=1)
