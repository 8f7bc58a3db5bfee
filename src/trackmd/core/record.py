"""`NamedTuple`: `typing.NamedTuple` as mypy reads it, made at run time without typing.

`typing.NamedTuple` checks every field's annotation as it makes the class (under
`from __future__ import annotations` each is a string it compiles into a `ForwardRef`),
and `collections.namedtuple` compiles a `__new__` for each class: together about 0.4 ms
a class, and a cold `status` makes some thirty, a fifteenth of the run. This base makes
the class `collections.namedtuple` makes (the same fields, defaults, `__new__`, methods,
field descriptors and docs), then adds the class body's docstring, methods and
properties as typing does, and keeps the annotations as written. `__new__` is compiled
once for each number of fields and its arguments renamed. `tests/test_record.py` holds
it to `typing.NamedTuple` and to `collections.namedtuple` for any fields.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__all__ = ["NamedTuple"]

if TYPE_CHECKING:
    from typing import NamedTuple
else:
    from types import CodeType, FunctionType

    try:
        from _collections import _tuplegetter  # the field descriptor namedtuple uses
    except ImportError:  # a Python without it
        from operator import itemgetter

        def _tuplegetter(index, doc):
            return property(itemgetter(index), doc=doc)

    _NEW = {}

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

    def _new_code(arity):
        """The code of `__new__` for `arity` fields, compiled once a run for each arity
        (`collections.namedtuple` compiles one for each class)."""
        code = _NEW.get(arity)
        if code is None:
            names = "".join(f", _{i}" for i in range(arity))
            body = "(" + "".join(f"_{i}, " for i in range(arity)) + ")"
            lambda_ = compile(f"lambda _cls{names}: _tuple_new(_cls, {body})", "<record>", "eval")
            code = _NEW[arity] = next(c for c in lambda_.co_consts if isinstance(c, CodeType))
        return code

    def _make(cls, iterable):
        result = tuple.__new__(cls, iterable)
        if len(result) != len(cls._fields):
            raise TypeError(f"Expected {len(cls._fields)} arguments, got {len(result)}")
        return result

    def _replace(self, /, **kwds):
        result = self._make(map(kwds.pop, self._fields, self))
        if kwds:
            raise ValueError(f"Got unexpected field names: {list(kwds)!r}")
        return result

    def _repr(self):
        pairs = zip(self._fields, self, strict=True)
        return f"{self.__class__.__name__}({', '.join(f'{n}={v!r}' for n, v in pairs)})"

    def _asdict(self):
        return dict(zip(self._fields, self, strict=True))

    def _getnewargs(self):
        return tuple(self)

    def _record(typename, fields, defaults, module):
        """What `collections.namedtuple(typename, fields, defaults=…, module=…)` makes."""
        new = FunctionType(
            _new_code(len(fields)).replace(
                co_varnames=("_cls", *fields), co_name="__new__", co_qualname=f"{typename}.__new__"
            ),
            {"_tuple_new": tuple.__new__, "__builtins__": {}},
            "__new__",
        )
        new.__defaults__ = tuple(defaults)
        listed = repr(fields).replace("'", "")[1:-1]  # as namedtuple writes them: `a,` for one
        new.__doc__ = f"Create new instance of {typename}({listed})"
        defaulted = fields[len(fields) - len(defaults) :]
        namespace = {
            "__doc__": f"{typename}({listed})",
            "__slots__": (),
            "_fields": fields,
            "_field_defaults": dict(zip(defaulted, defaults, strict=True)),
            "__new__": new,
            "_make": classmethod(_make),
            "_replace": _replace,
            "__repr__": _repr,
            "_asdict": _asdict,
            "__getnewargs__": _getnewargs,
            "__match_args__": fields,
            "__module__": module,
        }
        for index, name in enumerate(fields):
            namespace[name] = _tuplegetter(index, f"Alias for field number {index}")
        return type(typename, (tuple,), namespace)

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
            made = _record(typename, tuple(annotations), defaults, namespace["__module__"])
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
