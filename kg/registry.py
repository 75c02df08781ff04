"""Registered pipeline components with versioned names (``"kg.dates.v1"``).

A component declares its stage, what it needs and what it adds; the order in
which components run is data (``rules/pipeline.toml``), and a built-in
registers exactly as a plugin would: by decorating a function with
:func:`component`.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .errors import ConfigError


@dataclass(frozen=True)
class Component:
    name: str
    stage: str          # "extract" or "relate"
    func: Callable
    needs: tuple[str, ...]
    adds: tuple[str, ...]
    doc: str


REGISTRY: dict[str, Component] = {}


def component(name: str, stage: str, needs: tuple[str, ...] = (), adds: tuple[str, ...] = ()):
    """Register the decorated function as a pipeline component called *name*."""

    def wrap(func):
        REGISTRY[name] = Component(name, stage, func, needs, adds, (func.__doc__ or "").strip())
        return func

    return wrap


@dataclass(frozen=True)
class PipelineConfig:
    extract: tuple[Component, ...]
    relate: tuple[Component, ...]


def load_pipeline(path: str | Path) -> PipelineConfig:
    """Read the component order from *path* and check every name and need."""
    # Importing the packages registers the built-ins.
    from . import extract as _e, relate as _r  # noqa: F401

    path = Path(path)
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError("pipeline file not found", where=str(path)) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"pipeline file is not valid TOML ({exc})", where=str(path)) from None
    stages = {}
    provided: set[str] = set()
    for stage in ("extract", "relate"):
        names = doc.get(stage)
        if not isinstance(names, list):
            raise ConfigError(f"missing list {stage!r}", where=str(path))
        comps = []
        for name in names:
            comp = REGISTRY.get(name)
            if comp is None or comp.stage != stage:
                known = ", ".join(sorted(n for n, c in REGISTRY.items() if c.stage == stage))
                raise ConfigError(f"unknown {stage} component {name!r}", where=str(path),
                                  fix=f"known ones are {known}")
            missing = [n for n in comp.needs if n not in provided]
            if missing:
                raise ConfigError(f"component {name!r} needs {missing[0]!r}, which no earlier "
                                  "component adds", where=str(path), fix="reorder the pipeline")
            provided.update(comp.adds)
            comps.append(comp)
        stages[stage] = tuple(comps)
    return PipelineConfig(**stages)
