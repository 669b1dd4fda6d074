"""Plain value classes: what the domain used dataclasses for, without their cost at every start.

A dataclass writes its __init__, __eq__, __repr__ … as source text and compiles them when its class is
made (about 1 ms a class here), and `import dataclasses` brings in inspect: for the forty classes a start
makes, a third of `evaldesk check`. A Value is declared as a dataclass was — annotated fields, defaults —
keeps its fields in __slots__, and takes those methods from here, written once:

    class Slot(Value):
        row: int
        text: str = ""
        notes: list = Fresh(list)   # a new list for each value, as field(default_factory=list) gave

A Value is immutable (`replace()` makes a changed copy), compared and hashed by its fields, printed with
them. `class Edit(Value, mutable=True)` may be changed in place and is not hashable; `order=True` compares
values field by field; `uncompared=("source",)` leaves fields out of comparing, hashing and printing.
"""
from __future__ import annotations

from operator import attrgetter

_MISSING = object()


class Fresh:
    """A default made anew for each value (a list, a dict, a set): `rows: list = Fresh(list)`."""

    __slots__ = ("make",)

    def __init__(self, make) -> None:
        self.make = make


def _equality(key):
    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return key(self) == key(other)
    return __eq__


def _compare(test):
    def method(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return test(self._key(self), self._key(other))
    return method


_ORDER = {"__lt__": _compare(lambda a, b: a < b), "__le__": _compare(lambda a, b: a <= b),
          "__gt__": _compare(lambda a, b: a > b), "__ge__": _compare(lambda a, b: a >= b)}


class ValueType(type):
    """Makes the __slots__ of a Value class from its annotations, and keeps their defaults aside."""

    def __new__(meta, name, bases, namespace, mutable=None, order=False, uncompared=()):
        own = [key for key, kind in namespace.get("__annotations__", {}).items()
               if not str(kind).startswith(("ClassVar", "typing.ClassVar"))]
        defaults = {key: namespace.pop(key) for key in own if key in namespace}
        namespace["__slots__"] = tuple(own)
        cls = super().__new__(meta, name, bases, namespace)
        cls._fields = getattr(cls, "_fields", ()) + tuple(own)
        cls._defaults = {**getattr(cls, "_defaults", {}), **defaults}
        if mutable is not None:
            cls._mutable = mutable
            if mutable:
                cls.__hash__ = None  # a value that changes cannot be a dict key, as with a dataclass
        skipped = set(getattr(cls, "_uncompared", ())) | set(uncompared)
        cls._uncompared = tuple(skipped)
        compared = tuple(key for key in cls._fields if key not in skipped)
        cls._compared = compared
        key = attrgetter(*compared) if len(compared) > 1 else (  # the compared fields' tuple
            (lambda value, get=attrgetter(*compared): (get(value),)) if compared else (lambda value: ()))
        cls._key = staticmethod(key)
        # __eq__ and __hash__: each class its own, over its own fields (twice as fast as looking them up)
        if "__eq__" not in namespace:
            cls.__eq__ = _equality(key)
        if not cls._mutable and "__hash__" not in namespace:
            cls.__hash__ = lambda value, key=key: hash(key(value))
        if order:
            for method in ("__lt__", "__le__", "__gt__", "__ge__"):
                setattr(cls, method, _ORDER[method])
        return cls


class Value(metaclass=ValueType):
    __slots__ = ()
    _fields = ()  # every field, the bases' first (set by ValueType; not annotated, or it would be a field)
    _defaults = {}
    _mutable = False

    def __init__(self, *args, **named) -> None:
        fields = self._fields
        if not named and len(args) == len(fields):  # every field given in order: the common case, kept short
            for key, value in zip(fields, args):
                object.__setattr__(self, key, value)
            return
        if len(args) > len(fields):
            raise TypeError(f"{type(self).__name__}() takes {len(fields)} values, not {len(args)}")
        put = object.__setattr__
        for key, value in zip(fields, args):
            put(self, key, value)
        for key in fields[len(args):]:
            value = named.pop(key, _MISSING)
            if value is _MISSING:
                value = self._defaults.get(key, _MISSING)
                if value is _MISSING:
                    raise TypeError(f"{type(self).__name__}() needs “{key}”")
                if type(value) is Fresh:
                    value = value.make()
            put(self, key, value)
        if named:
            raise TypeError(f"{type(self).__name__}() has no field “{next(iter(named))}”")

    def __setattr__(self, key, value) -> None:
        if not self._mutable:
            raise AttributeError(f"{type(self).__name__} is immutable: make a changed copy with replace()")
        object.__setattr__(self, key, value)

    def __delattr__(self, key) -> None:
        if not self._mutable:
            raise AttributeError(f"{type(self).__name__} is immutable")
        object.__delattr__(self, key)

    def __repr__(self) -> str:
        shown = ", ".join(f"{key}={getattr(self, key)!r}" for key in self._compared)
        return f"{type(self).__name__}({shown})"

    def __reduce__(self):  # copy, deepcopy and pickle: the class called with the values again
        return type(self), tuple(getattr(self, key) for key in self._fields)


def replace(value: Value, **changes) -> Value:
    """A copy of `value` with some fields changed (as dataclasses.replace)."""
    for key in changes:
        if key not in value._fields:
            raise TypeError(f"{type(value).__name__} has no field “{key}”")
    return type(value)(**{key: changes.get(key, getattr(value, key)) for key in value._fields})


def field_names(kind: type[Value]) -> tuple[str, ...]:
    """The fields of a Value class, in order (as dataclasses.fields, by name)."""
    return kind._fields
