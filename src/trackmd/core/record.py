"""`NamedTuple`: `typing.NamedTuple` as mypy reads it, made at run time by
`collections.namedtuple` alone.

`typing.NamedTuple` checks every field's annotation as it makes the class, and under
`from __future__ import annotations` each annotation is a string that it compiles into a
`ForwardRef`. That is about 0.4 ms a class, and a cold `status` makes some thirty: a
fifteenth of the run, spent on checks nothing reads. This base makes the same class
(`collections.namedtuple` with the fields, defaults and module, then the class body's
docstring, methods and properties) and keeps the annotations as written.
`tests/test_record.py` holds it to `typing.NamedTuple`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__all__ = ["NamedTuple"]

if TYPE_CHECKING:
    from typing import NamedTuple
else:
    import collections

    # As `typing` has them: names a class body may not set, and names that are not copied.
    _PROHIBITED = frozenset(
        {
            "__new__",
            "__init__",
            "__slots__",
            "__getnewargs__",
            "_fields",
            "_field_defaults",
            "_make",
            "_replace",
            "_asdict",
            "_source",
        }
    )
    _SPECIAL = frozenset({"__module__", "__name__", "__annotations__"})

    class _Made(type):
        def __new__(cls, typename, bases, namespace):
            if bases != (_Base,):
                raise TypeError("a NamedTuple stands on NamedTuple alone")
            annotations = namespace.get("__annotations__", {})
            defaults = []
            for name in annotations:
                if name in namespace:
                    defaults.append(namespace[name])
                elif defaults:
                    raise TypeError(f"non-default field {name!r} follows a default one")
            made = collections.namedtuple(
                typename, list(annotations), defaults=defaults, module=namespace["__module__"]
            )
            made.__annotations__ = dict(annotations)
            for key, value in namespace.items():
                if key in _PROHIBITED:
                    raise AttributeError(f"cannot overwrite NamedTuple attribute {key}")
                if key not in _SPECIAL and key not in made._fields:
                    setattr(made, key, value)
            return made

    _Base = type.__new__(_Made, "NamedTuple", (), {})

    def NamedTuple(*args, **kwargs):
        raise TypeError("trackmd's NamedTuple is a base class only: use `class X(NamedTuple)`")

    NamedTuple.__mro_entries__ = lambda bases: (_Base,)
