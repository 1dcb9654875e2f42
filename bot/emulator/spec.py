"""The Bot API spec: method lookup and type coercion derived from bot-api-10.1.min.json."""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEFAULT_SPEC_PATH = Path(__file__).parent.parent / "data" / "bot-api-10.1.min.json"
_INT_RE = re.compile(r"[+-]?\d+")
_INT64 = (-(2**63), 2**63 - 1)


class ApiError(Exception):
    """An error envelope; the HTTP status equals error_code, as with the real server."""

    def __init__(self, error_code: int, description: str, parameters: dict[str, Any] | None = None):
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.parameters = parameters


class _Mismatch(Exception):
    """A value does not fit a spec type; path locates it inside the parameter."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path} {reason}")
        self.path = path
        self.reason = reason

    @property
    def depth(self) -> int:
        return self.path.count(".") + self.path.count("[")


@dataclass(frozen=True)
class UploadedFile:
    """A file part of a multipart request (what the spec calls InputFile)."""

    filename: str
    content_type: str
    data: bytes

    def describe(self) -> dict[str, Any]:
        return {"filename": self.filename, "content_type": self.content_type, "size": len(self.data)}


def _shown(value: Any) -> str:
    shown = json.dumps(value, ensure_ascii=False, default=str)
    return shown if len(shown) <= 60 else shown[:57] + "..."


class Spec:
    """Methods and types of the Bot API, as published in the machine-readable spec."""

    def __init__(self, data: dict[str, Any]):
        self.version: str = data.get("version", "")
        self.methods: dict[str, dict[str, Any]] = {name.lower(): m for name, m in data["methods"].items()}
        self.types: dict[str, dict[str, Any]] = data["types"]

    def method(self, name: str) -> dict[str, Any] | None:
        """Telegram resolves method names case-insensitively."""
        return self.methods.get(name.lower())

    def validate(self, method: dict[str, Any], raw: dict[str, Any]) -> dict[str, Any]:
        """Check presence and types of the method's fields; return typed params.

        Parameters the spec does not know are kept as sent: Telegram ignores them too.
        """
        params = dict(raw)
        for spec_field in method.get("fields", []):
            name, types = spec_field["name"], spec_field["types"]
            value = raw.get(name)
            if value == "" and "String" not in types:
                value = None  # an empty form value means "not given" for non-string fields
            if value is None:
                params.pop(name, None)
                if spec_field["required"]:
                    raise ApiError(400, f'Bad Request: parameter "{name}" is required')
                continue
            try:
                params[name] = self.coerce(value, types, name, top=True)
            except _Mismatch as exc:
                if exc.path == name:
                    raise ApiError(400, f'Bad Request: parameter "{name}" {exc.reason}') from None
                raise ApiError(
                    400, f'Bad Request: can\'t parse parameter "{name}": field "{exc.path}" {exc.reason}'
                ) from None
        return params

    def coerce(self, value: Any, types: list[str], path: str, top: bool) -> Any:
        """Fit value to the first matching alternative; report the most specific mismatch."""
        if len(types) == 1:
            return self._coerce_one(value, types[0], path, top)
        best: _Mismatch | None = None
        for type_name in types:
            try:
                return self._coerce_one(value, type_name, path, top)
            except _Mismatch as exc:
                if best is None or exc.depth > best.depth:
                    best = exc
        assert best is not None
        if best.path == path:
            raise _Mismatch(path, f"must be of type {' or '.join(types)}, got {_shown(value)}")
        raise best

    def _coerce_one(self, value: Any, type_name: str, path: str, top: bool) -> Any:
        if type_name.startswith("Array of "):
            inner = type_name[len("Array of ") :]
            if top and isinstance(value, str):
                value = self._json(value, path, type_name)
            if not isinstance(value, list):
                raise _Mismatch(path, f"must be a JSON array ({type_name}), got {_shown(value)}")
            return [self.coerce(item, [inner], f"{path}[{k}]", False) for k, item in enumerate(value)]
        primitive = _PRIMITIVES.get(type_name)
        if primitive is not None:
            return primitive(value, path)
        if top and isinstance(value, str):
            value = self._json(value, path, type_name)
        spec = self.types.get(type_name)
        if spec is None or ("fields" not in spec and "subtypes" not in spec):
            return value  # opaque in the spec (e.g. CallbackGame): nothing to check
        if "subtypes" in spec:
            return self._coerce_union_type(value, type_name, spec["subtypes"], path)
        if not isinstance(value, dict):
            raise _Mismatch(path, f"must be a JSON object ({type_name}), got {_shown(value)}")
        result = dict(value)
        for spec_field in spec["fields"]:
            name = spec_field["name"]
            if value.get(name) is None:
                if spec_field["required"]:
                    raise _Mismatch(f"{path}.{name}", "is required")
                continue
            result[name] = self.coerce(value[name], spec_field["types"], f"{path}.{name}", False)
        return result

    def _coerce_union_type(self, value: Any, type_name: str, subtypes: list[str], path: str) -> Any:
        """Pick the subtype named by the discriminator (type/source/status) when there is one."""
        discriminator = self._discriminator(type_name)
        if discriminator is not None and isinstance(value, dict) and discriminator[0] in value:
            key, table = discriminator
            subtype = table.get(value[key]) if isinstance(value[key], str) else None
            if subtype is None:
                reason = f"has unsupported value {_shown(value[key])} for {type_name}"
                raise _Mismatch(f"{path}.{key}", reason)
            return self._coerce_one(value, subtype, path, False)
        return self.coerce(value, subtypes, path, False)

    @functools.cache  # noqa: B019 - one Spec per emulator, lives as long
    def _discriminator(self, type_name: str) -> tuple[str, dict[str, str]] | None:
        """Read 'always "x"' / 'must be x' from each subtype's first field, if all have one."""
        table: dict[str, str] = {}
        key: str | None = None
        for subtype in self.types[type_name]["subtypes"]:
            fields = self.types.get(subtype, {}).get("fields") or []
            if not fields or fields[0]["name"] not in ("type", "source", "status"):
                return None
            match = re.search(r'(?:always|must be)\s+["“]?([A-Za-z0-9_]+)', fields[0]["description"])
            if match is None or (key is not None and key != fields[0]["name"]):
                return None
            key = fields[0]["name"]
            table[match.group(1)] = subtype
        return (key, table) if key else None

    @staticmethod
    def _json(value: str, path: str, type_name: str) -> Any:
        try:
            return json.loads(value)
        except ValueError:
            raise _Mismatch(path, f"must be JSON-serialized {type_name}, got {_shown(value)}") from None


def _as_integer(value: Any, path: str) -> int:
    if isinstance(value, str) and _INT_RE.fullmatch(value.strip()):
        value = int(value.strip())
    elif isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Mismatch(path, f"must be of type Integer, got {_shown(value)}")
    if not _INT64[0] <= value <= _INT64[1]:
        raise _Mismatch(path, f"is out of the 64-bit integer range, got {value}")
    return value


def _as_float(value: Any, path: str) -> float:
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            pass
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise _Mismatch(path, f"must be of type Float, got {_shown(value)}")
    return float(value)


def _as_boolean(value: Any, path: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false", "1", "0"):
        return value.strip().lower() in ("true", "1")
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    raise _Mismatch(path, f"must be of type Boolean, got {_shown(value)}")


def _as_string(value: Any, path: str) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)  # the real server stringifies JSON numbers given for strings
    raise _Mismatch(path, f"must be of type String, got {_shown(value)}")


def _as_input_file(value: Any, path: str) -> Any:
    if isinstance(value, UploadedFile) or (isinstance(value, str) and value.startswith("attach://")):
        return value
    raise _Mismatch(path, "must be a file uploaded with multipart/form-data")


_PRIMITIVES: dict[str, Callable[[Any, str], Any]] = {
    "Integer": _as_integer,
    "Float": _as_float,
    "Boolean": _as_boolean,
    "String": _as_string,
    "InputFile": _as_input_file,
}


@functools.lru_cache(maxsize=4)
def load_spec(path: str) -> Spec:
    """Parsed once per path: the file is 650 kB and tests start many emulators."""
    with open(path, encoding="utf-8") as handle:
        return Spec(json.load(handle))


def jsonable(value: Any) -> Any:
    if isinstance(value, UploadedFile):
        return value.describe()
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    return value
