"""The one place that knows where kg's data files live.

Ontology, shapes, named queries, the authority file and the rule lexicon are
files in the repository, not strings in code. Each can be overridden on the CLI;
this module only supplies the defaults.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

ONTOLOGY = ROOT / "ontology" / "kg.ttl"
CONTEXT = ROOT / "ontology" / "context.jsonld"
SHAPES = ROOT / "shapes" / "kg.shapes.ttl"
QUERIES = ROOT / "queries"
AUTHORITY = ROOT / "authority" / "entities.toml"
LINKS = ROOT / "authority" / "links.jsonl"
WIKIDATA = ROOT / "rules" / "wikidata.toml"
LEXICON = ROOT / "rules" / "lexicon.toml"
PIPELINE = ROOT / "rules" / "pipeline.toml"
SOURCES = ROOT / "sources"
BUILD_DIR = Path("build")
DATASET_NAME = "dataset.nq"
CACHE_DIR = ".cache"            # per-document extraction results, inside the output folder

DEFAULT_BASE = "https://example.org/kg/"
ONTOLOGY_NS = "https://example.org/kg/ontology#"
TEMPLATES = ROOT / "templates"
PUBLISH = ROOT / "publish.toml"
