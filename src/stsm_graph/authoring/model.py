"""Typed building blocks of a portfolio: the authoring format and the Python API.

Each entity is a frozen pydantic model with an ``id``, a ``label``, an optional
``description``, and fields that map one-to-one onto the vocabulary: links hold ids of other
entities, values are typed (a target value is a ``Decimal``, a date a ``date``), and
concept-valued fields take the local name of the concept (``status: Retired``).

The same models are (a) what a portfolio manager writes by hand in YAML or JSON,
grouped in sections (``services:``, ``needs:``, ...) and (b) how a program builds a
portfolio in Python.

The models, their enums, ``ENTITY_MODELS``, ``SECTIONS`` and ``PortfolioDocument`` are
generated from ``ontology/stsm.ttl`` into ``models_generated.py`` (a class with an
``stsm:section`` is a model; a property whose domain holds it is a field named by its
``stsm:field``); the hand-written rest (the base :class:`Entity` and its validator, the head
of a document) is in ``_entity.py``. This module is the public face of both.

Examples
--------
>>> svc = StandardService(id="svc-backup", label="Managed backup", addresses=["need-restore"])
>>> svc.status is None, svc.addresses
(True, ['need-restore'])
>>> ServiceLevel(id="sl-1", label="Availability", metric="availability",
...              target_value="99.9", unit="%", comparator="AtLeast").target_value
Decimal('99.9')
"""

from __future__ import annotations

from stsm_graph.authoring import models_generated
from stsm_graph.authoring.models_generated import *  # noqa: F403  (every generated model, by name)

__all__: list[str] = []
__all__ += models_generated.__all__
